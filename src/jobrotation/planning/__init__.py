"""Planning: the rotation planner and candidate matching (issues 11 and 13).

What belongs here: the models that decide who trains when and which substitute covers
whom (OR-Tools CP-SAT), and the matching of a jobcentre's candidates to vacancies
(scipy). Planning asks the law for every rule and every price (``law.case``,
``law.pricing``) and never holds a rate or a condition of its own; it imports no web
framework and no database table. Long solves run as background jobs
(``services.jobs``), never inside a web request.
"""
