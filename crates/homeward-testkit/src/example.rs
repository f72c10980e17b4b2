//! Synthetic people and episodes for tests, built from a plain default by naming only what a test is about, so no
//! test spells out every field of a `Person` or an `Episode` (and none changes when a field is added).

use homeward_core::domain::episode::{Episode, EpisodeStatus, Found, MissingFrom, ReturnOutcome};
use homeward_core::domain::ids::{AgencyId, EpisodeId, PersonId, UserId};
use homeward_core::domain::person::{Person, Sex};
use homeward_core::domain::risk::{EpisodeRisk, RiskGrade};
use homeward_core::domain::text::PersonName;
use homeward_core::domain::time::Timestamp;
use time::{Date, Duration};

/// A person, by default a girl born on 4 March 2012 called Synthetic Child, known to no agency, recorded at
/// `created_at`.
#[derive(Debug, Clone)]
#[must_use = "an example is of use once built"]
pub struct ExamplePerson(Person);

pub fn person(created_at: Timestamp) -> ExamplePerson {
    ExamplePerson(Person {
        id: PersonId::random(),
        given_name: name("Synthetic"),
        family_name: name("Child"),
        date_of_birth: time::macros::date!(2012 - 03 - 04),
        sex: Sex::Female,
        looked_after: false,
        responsible_la_id: None,
        host_la_id: None,
        placement_provider_id: None,
        allocated_worker_id: None,
        recorded_by_agency_id: None,
        created_at,
    })
}

fn name(text: &str) -> PersonName {
    PersonName::parse(text).expect("an example name is valid")
}

impl ExamplePerson {
    pub fn named(mut self, given: &str, family: &str) -> Self {
        (self.0.given_name, self.0.family_name) = (name(given), name(family));
        self
    }

    pub fn born(mut self, date_of_birth: Date) -> Self {
        self.0.date_of_birth = date_of_birth;
        self
    }

    pub fn sex(mut self, sex: Sex) -> Self {
        self.0.sex = sex;
        self
    }

    /// The council responsible for the person (a child in need, or a care leaver), who is not looked after.
    pub fn of_council(mut self, council: AgencyId) -> Self {
        self.0.responsible_la_id = Some(council);
        self
    }

    /// Looked after by the council.
    pub fn looked_after_by(mut self, council: AgencyId) -> Self {
        self.0.looked_after = true;
        self.0.responsible_la_id = Some(council);
        self
    }

    /// Looked after, with no responsible council recorded.
    pub fn looked_after(mut self) -> Self {
        self.0.looked_after = true;
        self
    }

    /// Placed out of area: in the host council's area, with a provider.
    pub fn placed(mut self, host_council: AgencyId, provider: AgencyId) -> Self {
        (self.0.host_la_id, self.0.placement_provider_id) = (Some(host_council), Some(provider));
        self
    }

    pub fn allocated_worker(mut self, worker: UserId) -> Self {
        self.0.allocated_worker_id = Some(worker);
        self
    }

    pub fn build(self) -> Person {
        self.0
    }
}

/// An episode of the person, reported to the force 30 minutes after they went missing from a children's home,
/// still missing and not yet assessed.
#[derive(Debug, Clone)]
#[must_use = "an example is of use once built"]
pub struct ExampleEpisode(Episode);

pub fn episode(person: &Person, force: AgencyId, went_missing_at: Timestamp) -> ExampleEpisode {
    ExampleEpisode(Episode {
        id: EpisodeId::random(),
        person_id: person.id,
        recorded_by_agency_id: force,
        police_force_id: Some(force),
        area_la_id: None,
        went_missing_at,
        reported_at: went_missing_at.plus(Duration::minutes(30)),
        missing_from: MissingFrom::ChildrensHome,
        status: EpisodeStatus::Missing,
        la_category: None,
        last_seen_place: None,
        circumstances: None,
        police_reference: None,
        reporter: None,
        returned_at: None,
        return_outcome: None,
        found: Found::default(),
        police_closed_at: None,
        risk: EpisodeRisk::default(),
        created_at: went_missing_at,
        updated_at: went_missing_at,
    })
}

impl ExampleEpisode {
    /// The council whose area the person went missing in.
    pub fn in_area(mut self, council: AgencyId) -> Self {
        self.0.area_la_id = Some(council);
        self
    }

    /// Back `away` after going missing, as the outcome says.
    pub fn returned(mut self, away: Duration, outcome: ReturnOutcome) -> Self {
        self.0.status = EpisodeStatus::Returned;
        self.0.returned_at = Some(self.0.went_missing_at.plus(away));
        self.0.return_outcome = Some(outcome);
        self
    }

    /// The joint risk grade, as the assessments left it.
    pub fn graded(mut self, grade: RiskGrade) -> Self {
        self.0.risk.joint = Some(grade);
        self
    }

    pub fn cse_concern(mut self) -> Self {
        self.0.risk.cse_concern = true;
        self
    }

    pub fn cce_concern(mut self) -> Self {
        self.0.risk.cce_concern = true;
        self
    }

    pub fn build(self) -> Episode {
        self.0
    }
}

/// A small synthetic picture (a grey square, never anyone's photograph) in the given format, as a file would hold it.
fn picture(format: image::ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::RgbImage::from_pixel(8, 8, image::Rgb([120, 130, 140]))
        .write_to(&mut std::io::Cursor::new(&mut bytes), format)
        .expect("a small picture always encodes");
    bytes
}

/// A real JPEG image for photograph tests.
pub fn jpeg() -> Vec<u8> {
    picture(image::ImageFormat::Jpeg)
}

/// A real PNG image for photograph tests.
pub fn png() -> Vec<u8> {
    picture(image::ImageFormat::Png)
}
