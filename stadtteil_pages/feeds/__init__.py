"""Machine-readable views of the conference dates: iCalendar and Atom.

The page models only route to these modules; what goes into a feed, and how
it is written, is decided here.
"""
