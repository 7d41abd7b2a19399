"""What a project holds besides its people: the readiness checklist and follow-up codes.

The checklist is the municipal letter's list of what it takes to harvest the triple gain
(KL og Forhandlingsfællesskabet, "Tredobbelt gevinst", seed 000).
"""

from __future__ import annotations

CHECKLIST = {
    "purpose_backed": "Projektet har et klart formål, som både ledelse og medarbejdere "
                      "bakker op om.",
    "employees_prepared": "Medarbejderne har indsigt i og er engageret i forløbet: de er "
                          "trygge ved at begynde på uddannelse, være væk en periode og "
                          "vende tilbage og bruge den nye viden.",
    "substitute_intro": "Der er et introduktionsforløb for vikarerne.",
    "substitute_prospect": "Vikarerne har et klart mål og perspektiv: efterfølgende "
                           "ansættelse eller uddannelse.",
    "terms_settled": "Vilkår, ansættelsesforhold og administrativ koordination er på plads.",
    "stakeholders_involved": "Uddannelsesinstitution, jobcenter, a-kasse, arbejdsplads, HR "
                             "og den faglige organisation er inddraget.",
}

CONTACT_ROLES = {
    "education": "Uddannelsesinstitution", "jobcentre": "Jobcenter", "akasse": "A-kasse",
    "hr": "HR", "union": "Faglig organisation", "steward": "Tillidsrepræsentant",
}

PAY_FREQUENCIES = {"monthly": "månedsløn", "fortnightly": "14-dagesløn"}
ROUTES = {"route1": "Jobrotationsydelse", "route2": "Løntilskud og VEU-godtgørelse"}

SUBSTITUTE_OUTCOMES = {
    "job_same_employer": "job hos samme arbejdsgiver",
    "job_other_employer": "job hos en anden arbejdsgiver",
    "education": "i uddannelse",
    "unemployed": "stadig ledig",
}
FOLLOW_UP_STAGES = {"end": "ved projektets afslutning", "3_months": "3 måneder efter"}


def missing_checklist(checklist: dict[str, bool]) -> list[str]:
    """The checklist items not yet ticked, as Danish sentences."""
    return [text for key, text in CHECKLIST.items() if not checklist.get(key)]
