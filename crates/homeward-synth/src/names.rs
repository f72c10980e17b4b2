//! Fictional names: people (ordinary given and family names, combined at random, so no name stands for anyone),
//! the nicknames children give, streets, places (made-up compounds such as "Northmoor"), providers, and the words
//! of demo passwords.

use std::collections::BTreeSet;

use homeward_core::domain::person::Sex;

use crate::dice::{Dice, between, pick};

const GIVEN_MALE: &[&str] = &[
    "Aaron", "Adam", "Alfie", "Archie", "Ben", "Callum", "Charlie", "Connor", "Daniel", "Dylan", "Elliot", "Ethan",
    "Finley", "Freddie", "George", "Harley", "Harry", "Harvey", "Isaac", "Jack", "Jacob", "Jake", "James", "Jayden",
    "Joel", "Jordan", "Joseph", "Kai", "Kieran", "Leo", "Lewis", "Liam", "Logan", "Louis", "Lucas", "Luke", "Mason",
    "Max", "Morgan", "Nathan", "Noah", "Oliver", "Oscar", "Owen", "Reece", "Riley", "Ryan", "Sam", "Theo", "Thomas",
    "Toby", "Tyler", "William", "Zac",
];

const GIVEN_FEMALE: &[&str] = &[
    "Abbie", "Amber", "Amelia", "Amy", "Ava", "Bethany", "Caitlin", "Chloe", "Courtney", "Daisy", "Eleanor", "Ella",
    "Ellie", "Emily", "Erin", "Eva", "Evie", "Freya", "Georgia", "Grace", "Hannah", "Holly", "Imogen", "Isla", "Jade",
    "Jasmine", "Jessica", "Kayla", "Keira", "Lacey", "Lauren", "Leah", "Lily", "Lucy", "Maisie", "Megan", "Mia",
    "Millie", "Molly", "Niamh", "Olivia", "Paige", "Phoebe", "Poppy", "Rebecca", "Rosie", "Ruby", "Scarlett",
    "Shannon", "Sophie", "Summer", "Tia", "Willow", "Zara",
];

const FAMILY: &[&str] = &[
    "Ainsworth",
    "Ashby",
    "Barlow",
    "Beckett",
    "Birtwistle",
    "Blackwood",
    "Bramley",
    "Brindle",
    "Calloway",
    "Carden",
    "Catterall",
    "Cheadle",
    "Clegg",
    "Corbett",
    "Cowley",
    "Dalby",
    "Danvers",
    "Denholm",
    "Dewhurst",
    "Eastham",
    "Ellwood",
    "Emsley",
    "Fairclough",
    "Farrant",
    "Fenwick",
    "Garside",
    "Gilmour",
    "Greaves",
    "Hadfield",
    "Halliwell",
    "Hartley",
    "Haworth",
    "Heskett",
    "Holroyd",
    "Howarth",
    "Ingleby",
    "Jagger",
    "Kershaw",
    "Kettering",
    "Laycock",
    "Lister",
    "Lomax",
    "Marsden",
    "Mellor",
    "Metcalfe",
    "Midgley",
    "Nuttall",
    "Oldroyd",
    "Ormerod",
    "Pickles",
    "Pilling",
    "Quarmby",
    "Radcliffe",
    "Ramsden",
    "Rawnsley",
    "Redfern",
    "Sagar",
    "Scholes",
    "Shackleton",
    "Sowerby",
    "Stansfield",
    "Sutcliffe",
    "Tattersall",
    "Thwaite",
    "Tinsley",
    "Townend",
    "Uttley",
    "Varley",
    "Wadsworth",
    "Walmsley",
    "Whiteley",
    "Wilde",
    "Wolstenholme",
    "Worsley",
    "Yardley",
];

/// Nicknames children give friends of their age: a nickname alone joins nobody (the core's resolution rule).
const NICKNAMES: &[&str] = &[
    "Jay", "Tilly", "Mack", "Bex", "Deano", "Liv", "Kez", "Robbo", "Soph", "Gaz", "Tash", "Woody", "Chaz", "Em",
    "Jonno", "Kels", "Smithy", "Bella", "Macca", "Lou",
];

/// Nicknames of the planted adults, as children would know them.
const ADULT_NICKNAMES: &[&str] =
    &["Dee", "Smiley", "Rico", "Tiny", "Ace", "Big Mo", "Kid", "Blaze", "Shadow", "Uncle K", "Red", "Spike"];

/// Street names common to most English towns, so none points at one place.
const STREETS: &[&str] = &[
    "Albert Road",
    "Church Street",
    "Front Street",
    "High Street",
    "Mill Lane",
    "North Road",
    "Park Avenue",
    "Queen Street",
    "Station Road",
    "Victoria Terrace",
    "West End",
    "York Road",
];

/// First halves of place names, chosen so that the compounds are not the names of real councils.
const PLACE_FIRST: &[&str] = &[
    "Alder", "Bram", "Brack", "Cairn", "Carrow", "Dray", "Eld", "Fen", "Frith", "Gorse", "Hollin", "Kest", "Lark",
    "Lind", "Marl", "Orm", "Pell", "Quarn", "Rook", "Sall", "Stav", "Tarn", "Umber", "Vell", "Wren", "Yarrow", "Birk",
    "Cold", "Heron", "Ivy", "Kell", "Mire", "Nettle", "Pike", "Rill", "Sedge", "Thorn", "Wold", "Fold", "Gill",
];

const PLACE_LAST: &[&str] = &[
    "moor", "vale", "mere", "fell", "holt", "combe", "wick", "dale", "shaw", "garth", "marsh", "haven", "stead",
    "hythe", "scar",
];

/// The demo area's place: fixed, so documentation can name the demo sign-ins.
pub const DEMO_PLACE: &str = "Northmoor";
const DEMO_INITIALS: &str = "NM";

/// The demo area's interview provider and children's home company, fixed for the same reason.
const DEMO_PROVIDERS: [&str; 2] = ["Brightpath", "Kindharbour"];

/// A place name with the initials of its two halves, from which its force's code is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub name: String,
    pub initials: String,
}

const PROVIDER_FIRST: &[&str] = &[
    "Bright", "Clear", "Safe", "Open", "Kind", "True", "Warm", "Still", "Steady", "Fair", "Firm", "Good", "Home",
    "Near", "New",
];

const PROVIDER_LAST: &[&str] = &[
    "path", "harbour", "light", "bridge", "haven", "way", "steps", "door", "ground", "compass", "lantern", "anchor",
    "shore", "field", "road",
];

const PASSWORD_WORDS: &[&str] = &[
    "amber", "anchor", "apple", "badger", "basket", "beacon", "bramble", "candle", "canvas", "cobalt", "copper",
    "cotton", "dolphin", "ember", "falcon", "fennel", "ferry", "garnet", "glacier", "harbour", "hazel", "heather",
    "jigsaw", "juniper", "kettle", "lantern", "lemon", "marble", "meadow", "mitten", "nutmeg", "orchard", "otter",
    "paddle", "pebble", "pepper", "puffin", "quartz", "quill", "raven", "ribbon", "saddle", "salmon", "shingle",
    "sparrow", "teapot", "thistle", "timber", "tulip", "velvet", "walnut", "willow", "winter", "yonder",
];

/// A person's given and family name, fitting their recorded sex where it is known.
pub fn person(dice: &mut Dice, sex: Sex) -> (&'static str, &'static str) {
    // Where sex is not recorded, either list will do.
    let male = match sex {
        Sex::Male => true,
        Sex::Female => false,
        Sex::Unknown => between(dice, 0, 1) == 0,
    };
    let given = *pick(dice, if male { GIVEN_MALE } else { GIVEN_FEMALE });
    (given, *pick(dice, FAMILY))
}

/// A first name, of either list.
pub fn given(dice: &mut Dice) -> &'static str {
    let male = between(dice, 0, 1) == 0;
    pick(dice, if male { GIVEN_MALE } else { GIVEN_FEMALE }).to_owned()
}

/// A nickname a child gives a friend.
pub fn nickname(dice: &mut Dice) -> &'static str {
    pick(dice, NICKNAMES).to_owned()
}

/// The nickname of a planted adult.
pub fn adult_nickname(dice: &mut Dice) -> &'static str {
    pick(dice, ADULT_NICKNAMES).to_owned()
}

/// A street name.
pub fn street(dice: &mut Dice) -> &'static str {
    pick(dice, STREETS).to_owned()
}

/// A staff member's full name.
pub fn staff(dice: &mut Dice) -> String {
    let sex = if between(dice, 0, 1) == 0 { Sex::Male } else { Sex::Female };
    let (given, family) = person(dice, sex);
    format!("{given} {family}")
}

/// Draws distinct names until `count` are found, avoiding those already `taken` (which it extends).
fn distinct(
    dice: &mut Dice,
    count: usize,
    taken: &mut BTreeSet<String>,
    make: impl Fn(&mut Dice) -> String,
) -> Vec<String> {
    let mut names = Vec::with_capacity(count);
    while names.len() < count {
        let name = make(dice);
        if taken.insert(name.clone()) {
            names.push(name);
        }
    }
    names
}

/// The demo place first, then `count - 1` distinct others. There are 600 possible; the national scale needs
/// 150, so the draw always ends quickly.
pub fn places(dice: &mut Dice, count: usize) -> Vec<Place> {
    let mut taken = BTreeSet::from([DEMO_PLACE.to_owned()]);
    let mut places = vec![Place { name: DEMO_PLACE.to_owned(), initials: DEMO_INITIALS.to_owned() }];
    while places.len() < count {
        let (first, last) = (pick(dice, PLACE_FIRST), pick(dice, PLACE_LAST));
        let name = format!("{first}{last}");
        if taken.insert(name.clone()) {
            let initials = format!("{}{}", &first[..1], last[..1].to_ascii_uppercase());
            places.push(Place { name, initials });
        }
    }
    places
}

/// The demo area's two provider names first, then distinct one-word provider names such as "Safeharbour", `count`
/// in all (225 possible; the national scale needs 86).
pub fn providers(dice: &mut Dice, count: usize) -> Vec<String> {
    let mut names: Vec<String> = DEMO_PROVIDERS.iter().map(|&n| n.to_owned()).collect();
    let mut taken: BTreeSet<String> = names.iter().cloned().collect();
    names.extend(distinct(dice, count.saturating_sub(2), &mut taken, |dice| {
        format!("{}{}", pick(dice, PROVIDER_FIRST), pick(dice, PROVIDER_LAST))
    }));
    names
}

/// A demo password: three words and two digits, such as `otter-quill-harbour-47` (at least 16 characters).
pub fn password(dice: &mut Dice) -> String {
    format!(
        "{}-{}-{}-{:02}",
        pick(dice, PASSWORD_WORDS),
        pick(dice, PASSWORD_WORDS),
        pick(dice, PASSWORD_WORDS),
        between(dice, 0, 99)
    )
}

/// A lower-case, hyphenated form of a name for email domains: "Northmoor Police" becomes `northmoor-police`.
pub fn slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dice::dice;
    use homeward_core::domain::credentials::Password;

    #[test]
    fn places_are_distinct_and_the_demo_place_comes_first() {
        let places = places(&mut dice(3, 1), 200);
        let unique: BTreeSet<_> = places.iter().map(|p| &p.name).collect();
        assert_eq!(unique.len(), 200);
        assert_eq!(places[0].name, DEMO_PLACE);
        assert!(places[1..].iter().all(|p| p.name != DEMO_PLACE));
        assert!(places.iter().all(|p| p.initials.len() == 2));
    }

    #[test]
    fn passwords_are_accepted() {
        let mut d = dice(3, 2);
        for _ in 0..100 {
            let password = password(&mut d);
            assert!(Password::parse(&password).is_ok(), "{password}");
        }
    }

    #[test]
    fn slugs_suit_email_domains() {
        assert_eq!(slug("Northmoor Police"), "northmoor-police");
        assert_eq!(slug("Brightpath Children's Homes"), "brightpath-children-s-homes");
    }
}
