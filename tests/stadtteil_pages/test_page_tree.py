from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import (
    AccessibilityPage,
    EasyLanguagePage,
    HomePage,
    ImprintPage,
    PrivacyPage,
    StandardPage,
)
from stadtteil_pages.models import (
    ConferenceIndexPage,
    DistrictConferencePage,
    MeetingPage,
    ProjectPage,
    ProtocolIndexPage,
)


class PageTreeRulesTest(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_holds_index_and_standard_pages(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                ConferenceIndexPage,
                StandardPage,
                ImprintPage,
                PrivacyPage,
                AccessibilityPage,
                EasyLanguagePage,
            },
        )

    def test_conference_index_holds_conferences_projects_and_the_archive(self):
        self.assertAllowedParentPageTypes(ConferenceIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(
            ConferenceIndexPage, {DistrictConferencePage, ProjectPage, ProtocolIndexPage}
        )

    def test_district_conference_holds_meetings_and_projects(self):
        self.assertAllowedParentPageTypes(DistrictConferencePage, {ConferenceIndexPage})
        self.assertAllowedSubpageTypes(DistrictConferencePage, {MeetingPage, ProjectPage})

    def test_meetings_only_below_a_district_conference_and_without_children(self):
        self.assertAllowedParentPageTypes(MeetingPage, {DistrictConferencePage})
        self.assertAllowedSubpageTypes(MeetingPage, set())
        self.assertCanNotCreateAt(ConferenceIndexPage, MeetingPage)
        self.assertCanNotCreateAt(HomePage, MeetingPage)

    def test_projects_below_the_index_or_a_conference(self):
        self.assertAllowedParentPageTypes(
            ProjectPage, {ConferenceIndexPage, DistrictConferencePage}
        )
        self.assertAllowedSubpageTypes(ProjectPage, set())

    def test_protocol_archive_only_below_the_index(self):
        self.assertAllowedParentPageTypes(ProtocolIndexPage, {ConferenceIndexPage})
        self.assertCanNotCreateAt(DistrictConferencePage, ProtocolIndexPage)

    def test_standard_pages_nest_below_home(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanNotCreateAt(ConferenceIndexPage, StandardPage)
