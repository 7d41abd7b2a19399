"""Documents: the papers each party needs, and spreadsheets in and out (issue 12).

What belongs here: the agreement, the application data, the claim statement and the
decision letter (one Jinja2 template each, serving the web view and the PDF through
WeasyPrint), and lists read from or written to spreadsheets (openpyxl, CSV). A document
renders the law's results; it never computes an amount itself and reads no table.
"""
