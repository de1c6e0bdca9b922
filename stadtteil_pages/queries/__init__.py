"""What pages, feeds and listings show, read through the publication rule:
dates ahead and conference cards (``overview``), what each page type lists
(``pages``), site search (``search``).
"""
