"""The household's worksite (DOMAIN.md, "The process", steps 3 to 6): the participation
contract and its versions (contract.py), the shopping list computed from what the animator
measures (materials.py, quantities.py), the works journal (journal.py) and its photos
(photos.py), the contract as a PDF (pdf.py), and the figures the household card and the
Bilan show (figures.py). Who may do what: rules.py."""
