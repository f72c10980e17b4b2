//! One agency's record of a child: the truth copied, then corrupted in the ways issue 14 lists, each with its own
//! chance, independently, so a record may carry none, one or several. The chances are per mille and plausible
//! rather than measured: most records are clean or nearly so, as most of what agencies hold is.

use rand::Rng;

use super::vocabulary::{self, SURNAMES};
use super::{Child, LinkageRecord};
use crate::dice::{Dice, between, chance, pick};

/// Per mille of records (per field) carrying each corruption.
const UPPER_CASE_POLICE: u32 = 500;
const UPPER_CASE_OTHERS: u32 = 80;
const NICKNAME: u32 = 250;
const FORENAME_TYPO: u32 = 50;
const SURNAME_TYPO: u32 = 60;
const FORENAME_INITIAL: u32 = 15;
const NAMES_SWAPPED: u32 = 40;
/// Of children with a step-parent, per mille of records under the step-parent's surname.
const STEP_SURNAME: u32 = 450;
/// Per mille of records with the surname double-barrelled (the child's and another).
const DOUBLE_BARRELLED: u32 = 30;
const DOB_MISSING: u32 = 50;
const DOB_YEAR_ONLY: u32 = 50;
const DOB_YEAR_MONTH: u32 = 30;
const DOB_DAY_MONTH_SWAPPED: u32 = 40;
const DOB_YEAR_OUT: u32 = 30;
const POSTCODE_MISSING: u32 = 60;
/// A placement or a move: the record holds another address.
const POSTCODE_MOVED: u32 = 200;
const POSTCODE_OUTWARD_ONLY: u32 = 100;
const SEX_MISSING: u32 = 50;

/// How many records one child has across the agencies: about 1.8 on average.
pub fn how_many(dice: &mut Dice) -> u32 {
    match between(dice, 0, 99) {
        0..=44 => 1,
        45..=74 => 2,
        75..=91 => 3,
        _ => 4,
    }
}

pub fn copy_of(child: &Child, dice: &mut Dice) -> LinkageRecord {
    let source = *pick(dice, &["police", "police", "council", "council", "provider"]);
    let (first_name, surname) = names(child, source, dice);
    LinkageRecord {
        unique_id: String::new(),
        source,
        first_name,
        surname,
        dob: dob(child.born, dice),
        sex: if chance(dice, SEX_MISSING) {
            ""
        } else if child.male {
            "M"
        } else {
            "F"
        },
        postcode: postcode(&child.postcode, dice),
        person_id: format!("K{:07}", child.id),
    }
}

fn names(child: &Child, source: &str, dice: &mut Dice) -> (String, String) {
    let mut first = child.forename.clone();
    if chance(dice, NICKNAME)
        && let Some(short) = vocabulary::nickname(dice, &first)
    {
        short.clone_into(&mut first);
    }
    if chance(dice, FORENAME_TYPO) {
        first = typo(&first, dice);
    }
    if chance(dice, FORENAME_INITIAL) {
        first = first.chars().take(1).collect();
    }
    let mut surname = match &child.step_surname {
        Some(step) if chance(dice, STEP_SURNAME) => step.clone(),
        _ => child.surname.clone(),
    };
    if chance(dice, DOUBLE_BARRELLED) {
        let other = child.step_surname.clone().unwrap_or_else(|| SURNAMES.draw(dice).to_owned());
        surname = if dice.random_bool(0.5) { format!("{surname}-{other}") } else { format!("{other}-{surname}") };
    }
    if chance(dice, SURNAME_TYPO) {
        surname = typo(&surname, dice);
    }
    if chance(dice, NAMES_SWAPPED) {
        std::mem::swap(&mut first, &mut surname);
    }
    let upper = if source == "police" { UPPER_CASE_POLICE } else { UPPER_CASE_OTHERS };
    if chance(dice, upper) { (first.to_uppercase(), surname.to_uppercase()) } else { (first, surname) }
}

/// A letter changed, dropped, doubled or two swapped; never the first, which is rarely the one misheard.
fn typo(name: &str, dice: &mut Dice) -> String {
    let mut letters: Vec<char> = name.chars().collect();
    if letters.len() < 4 {
        return name.to_owned();
    }
    let at = between(dice, 1, u32::try_from(letters.len() - 2).expect("a short name")) as usize;
    match between(dice, 0, 3) {
        0 => letters[at] = char::from(b'a' + u8::try_from(between(dice, 0, 25)).expect("a letter")),
        1 => {
            letters.remove(at);
        }
        2 => letters.insert(at, letters[at]),
        _ => letters.swap(at, at + 1),
    }
    letters.into_iter().collect()
}

fn dob((year, month, day): (u32, u32, u32), dice: &mut Dice) -> String {
    if chance(dice, DOB_MISSING) {
        return String::new();
    }
    if chance(dice, DOB_YEAR_ONLY) {
        return format!("{year:04}");
    }
    if chance(dice, DOB_YEAR_MONTH) {
        return format!("{year:04}-{month:02}");
    }
    let (mut year, mut month, mut day) = (year, month, day);
    if day <= 12 && chance(dice, DOB_DAY_MONTH_SWAPPED) {
        std::mem::swap(&mut month, &mut day);
    }
    if chance(dice, DOB_YEAR_OUT) && !(month == 2 && day == 29) {
        year = if dice.random_bool(0.5) { year + 1 } else { year - 1 };
    }
    format!("{year:04}-{month:02}-{day:02}")
}

fn postcode(home: &str, dice: &mut Dice) -> String {
    if chance(dice, POSTCODE_MISSING) {
        return String::new();
    }
    let postcode = if chance(dice, POSTCODE_MOVED) {
        // Most placements are near home; some are far away.
        if dice.random_bool(0.6) {
            vocabulary::postcode_in(dice, vocabulary::area_of(home))
        } else {
            vocabulary::postcode(dice)
        }
    } else {
        home.to_owned()
    };
    if chance(dice, POSTCODE_OUTWARD_ONLY) { vocabulary::outward_of(&postcode).to_owned() } else { postcode }
}
