from .base import CalendarEntryMixin, StadtteilPage
from .conferences import (
    ConferenceIndexPage,
    DistrictConferenceContact,
    DistrictConferencePage,
    ProtocolIndexPage,
)
from .meetings import MeetingDocument, MeetingPage, MeetingQuerySet
from .oparl import DocumentChecksum, OParlStamp, OParlTombstone
from .projects import ProjectClosure, ProjectContact, ProjectPage, ProjectScheduleRule, Weekday
from .snippets import ContactPerson, District, Venue, display_phone
from .workflow import TwoPersonApprovalTask

__all__ = [
    "CalendarEntryMixin",
    "ConferenceIndexPage",
    "ContactPerson",
    "District",
    "DocumentChecksum",
    "DistrictConferenceContact",
    "DistrictConferencePage",
    "MeetingDocument",
    "MeetingPage",
    "MeetingQuerySet",
    "OParlStamp",
    "OParlTombstone",
    "ProjectClosure",
    "ProjectContact",
    "ProjectPage",
    "ProjectScheduleRule",
    "ProtocolIndexPage",
    "StadtteilPage",
    "TwoPersonApprovalTask",
    "Venue",
    "Weekday",
    "display_phone",
]
