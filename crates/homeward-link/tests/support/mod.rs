//! Synthetic people and their records, made up from syllables and seeded, never copied from anyone real: each
//! person recorded once or more by different sources, the copies corrupted the ways agencies' records differ.

#![allow(dead_code)]

use homeward_link::names::Name;
use homeward_link::{BirthDate, LinkPostcode, LinkRecord, RecordedSex};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const FORENAMES: &[&str] = &[
    "Robert",
    "Elizabeth",
    "John",
    "William",
    "Katherine",
    "Thomas",
    "Olivia",
    "Samuel",
    "Rebecca",
    "Daniel",
    "Isabella",
    "Joseph",
    "Margaret",
    "Oliver",
    "Victoria",
    "Benjamin",
    "Charlotte",
    "Edward",
    "Jessica",
    "Nicholas",
    "Amber",
    "Callum",
    "Daisy",
    "Ethan",
    "Freya",
    "Harvey",
    "Imogen",
    "Jasper",
    "Keira",
    "Lewis",
    "Maisie",
    "Noah",
    "Phoebe",
    "Reece",
    "Scarlett",
    "Toby",
    "Willow",
    "Zara",
    "Ruby",
    "Finley",
    "Poppy",
    "Kai",
    "Erin",
    "Logan",
    "Tilly",
    "Rory",
    "Ava",
    "Elliot",
    "Lacey",
    "Owen",
    "Niamh",
    "Ryan",
    "Holly",
    "Mason",
    "Evie",
    "Tyler",
];
const SURNAME_STARTS: &[&str] = &[
    "Ash", "Brack", "Cald", "Dun", "Elm", "Fen", "Gar", "Hal", "Ing", "Kel", "Lang", "Mar", "Nor", "Ock", "Pem", "Rad",
    "Shel", "Thorn", "Wex", "Yar", "Bram", "Cor", "Ditch", "Hob", "Sal",
];
const SURNAME_ENDS: &[&str] = &[
    "by", "well", "wood", "ford", "ton", "ham", "ley", "wick", "more", "dale", "field", "stead", "thwaite", "croft",
    "hurst", "gate", "ridge", "shaw", "combe", "worth",
];
const AREAS: &[&str] = &["DH", "DL", "NE", "SR", "TS", "LS", "BD", "HG"];
const SOURCES: &[&str] = &["police", "council", "rhi"];

/// A made-up person: the truth their records are copies of.
#[derive(Debug, Clone)]
pub struct Person {
    pub first_name: String,
    pub surname: String,
    pub dob: (i32, u8, u8),
    pub male: bool,
    pub postcode: String,
}

pub fn random_postcode(rng: &mut ChaCha8Rng) -> String {
    let letters = b"ABDEFGHJLNPQRSTUWXYZ";
    let area = AREAS.choose(rng).expect("areas");
    format!(
        "{area}{} {}{}{}",
        rng.random_range(1..30),
        rng.random_range(0..10),
        char::from(*letters.choose(rng).expect("letters")),
        char::from(*letters.choose(rng).expect("letters"))
    )
}

pub fn random_person(rng: &mut ChaCha8Rng) -> Person {
    Person {
        first_name: (*FORENAMES.choose(rng).expect("names")).to_owned(),
        surname: format!("{}{}", SURNAME_STARTS.choose(rng).expect("starts"), SURNAME_ENDS.choose(rng).expect("ends")),
        dob: (rng.random_range(2006..2021), rng.random_range(1..=12), rng.random_range(1..=28)),
        male: rng.random_bool(0.5),
        postcode: random_postcode(rng),
    }
}

/// A record as a source would hold it; blank strings are missing values.
pub fn record(id: &str, first: &str, surname: &str, dob: &str, sex: &str, postcode: &str) -> LinkRecord {
    LinkRecord {
        unique_id: id.to_owned(),
        source: "synthetic".to_owned(),
        first_name: Name::parse(first),
        surname: Name::parse(surname),
        dob: (!dob.is_empty()).then(|| BirthDate::parse(dob).expect("a good date")),
        sex: RecordedSex::parse(sex).expect("a good sex"),
        postcode: (!postcode.is_empty()).then(|| LinkPostcode::parse(postcode).expect("a good postcode")),
    }
}

/// One record of a person, corrupted in at most one or two of the ways real records differ.
pub fn copy_of(person: &Person, id: &str, rng: &mut ChaCha8Rng) -> LinkRecord {
    let mut first = person.first_name.clone();
    let mut surname = person.surname.clone();
    let (mut year, mut month, mut day) = (person.dob.0, person.dob.1, person.dob.2);
    let mut dob_text: Option<String> = None;
    let mut postcode = person.postcode.clone();
    for _ in 0..rng.random_range(0..=2) {
        match rng.random_range(0..8) {
            0 => surname = typo(&surname, rng),
            1 => first = typo(&first, rng),
            2 => std::mem::swap(&mut first, &mut surname),
            3 if day <= 12 => std::mem::swap(&mut month, &mut day),
            4 => year += 1,
            5 => dob_text = Some(year.to_string()),
            6 => postcode = random_postcode(rng),
            _ => first = first.to_uppercase(),
        }
    }
    let dob = dob_text.unwrap_or_else(|| format!("{year:04}-{month:02}-{day:02}"));
    let sex = if person.male { "M" } else { "F" };
    let mut record = record(id, &first, &surname, &dob, sex, &postcode);
    (*SOURCES.choose(rng).expect("sources")).clone_into(&mut record.source);
    record
}

/// A letter changed, dropped or two swapped, never the first (it is rarely the one misheard).
fn typo(name: &str, rng: &mut ChaCha8Rng) -> String {
    let mut letters: Vec<char> = name.chars().collect();
    if letters.len() < 4 {
        return name.to_owned();
    }
    let at = rng.random_range(1..letters.len() - 1);
    match rng.random_range(0..3) {
        0 => letters[at] = char::from(b'a' + rng.random_range(0..26u8)),
        1 => {
            letters.remove(at);
        }
        _ => letters.swap(at, at + 1),
    }
    letters.into_iter().collect()
}

/// `people` made-up people, some recorded twice or three times: the records (shuffled) and, for each, the index
/// of the person it is a copy of.
pub fn population(people: usize, records: usize, seed: u64) -> (Vec<LinkRecord>, Vec<usize>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let persons: Vec<Person> = (0..people).map(|_| random_person(&mut rng)).collect();
    let mut out = Vec::with_capacity(records);
    let mut truth = Vec::with_capacity(records);
    for index in 0..records {
        let person = if index < people { index } else { rng.random_range(0..people) };
        out.push(copy_of(&persons[person], &format!("R{index:07}"), &mut rng));
        truth.push(person);
    }
    (out, truth)
}
