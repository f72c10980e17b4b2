//! The names and places of the linkage test bed. Forenames are common English ones (so the nicknames agencies use
//! for them turn up) and made-up ones built from syllables; surnames are all made up from syllables, about ten
//! thousand of them, so that a million records do not crowd a few names into huge blocks. Names are drawn with a
//! Zipf-like skew (a few common, most rare), as real names are. Postcodes are well-formed UK postcodes in real
//! postcode areas with made-up districts and units.

use std::sync::LazyLock;

use rand::Rng;

use crate::dice::{Dice, between, pick};

/// Common English forenames and the short forms agencies record them under.
const ENGLISH_MALE: &[(&str, &[&str])] = &[
    ("Oliver", &["Ollie"]),
    ("Thomas", &["Tom", "Tommy"]),
    ("James", &["Jamie", "Jim"]),
    ("William", &["Will", "Bill", "Liam"]),
    ("Samuel", &["Sam"]),
    ("Joseph", &["Joe"]),
    ("Benjamin", &["Ben"]),
    ("Daniel", &["Dan", "Danny"]),
    ("Alexander", &["Alex"]),
    ("Jacob", &["Jake"]),
    ("Harrison", &["Harry"]),
    ("Edward", &["Ed", "Ted"]),
    ("Matthew", &["Matt"]),
    ("Michael", &["Mike", "Mikey"]),
    ("Christopher", &["Chris"]),
    ("Robert", &["Rob", "Bob", "Robbie"]),
    ("John", &["Jack", "Johnny"]),
    ("Joshua", &["Josh"]),
    ("Nicholas", &["Nick"]),
    ("Frederick", &["Freddie", "Fred"]),
    ("Zachary", &["Zac"]),
    ("Theodore", &["Theo"]),
    ("Tobias", &["Toby"]),
    ("Jonathan", &["Jon"]),
    ("Callum", &["Cal"]),
    ("Ethan", &[]),
    ("Noah", &[]),
    ("Logan", &[]),
    ("Mason", &[]),
    ("Owen", &[]),
    ("Reece", &[]),
    ("Kai", &[]),
    ("Tyler", &[]),
    ("Lewis", &[]),
];
const ENGLISH_FEMALE: &[(&str, &[&str])] = &[
    ("Olivia", &["Liv"]),
    ("Isabella", &["Bella", "Izzy"]),
    ("Elizabeth", &["Liz", "Beth", "Lizzie"]),
    ("Charlotte", &["Lottie", "Charlie"]),
    ("Katherine", &["Kate", "Katie"]),
    ("Rebecca", &["Becky", "Becca"]),
    ("Jessica", &["Jess"]),
    ("Victoria", &["Vicky", "Tori"]),
    ("Margaret", &["Maggie", "Meg"]),
    ("Eleanor", &["Ellie", "Nell"]),
    ("Emily", &["Em", "Millie"]),
    ("Alexandra", &["Alex", "Lexi"]),
    ("Abigail", &["Abbie", "Abby"]),
    ("Sophia", &["Sophie"]),
    ("Georgina", &["Georgie"]),
    ("Samantha", &["Sam"]),
    ("Jennifer", &["Jen", "Jenny"]),
    ("Amber", &[]),
    ("Daisy", &[]),
    ("Freya", &[]),
    ("Imogen", &[]),
    ("Keira", &[]),
    ("Maisie", &[]),
    ("Phoebe", &[]),
    ("Scarlett", &[]),
    ("Willow", &[]),
    ("Zara", &[]),
    ("Ruby", &[]),
    ("Poppy", &[]),
    ("Erin", &[]),
    ("Niamh", &[]),
    ("Holly", &[]),
    ("Evie", &[]),
    ("Lacey", &[]),
];

const FORENAME_STARTS: &[&str] = &[
    "Al", "Bri", "Ca", "Da", "El", "Fa", "Gi", "Ha", "Is", "Ja", "Ka", "Le", "Mi", "Na", "Or", "Pe", "Ro", "Sa", "Ta",
    "Va", "Wy", "Ze", "Ay", "Bel", "Cor", "Del", "Em", "Fen", "Ger", "Ilo", "Jo", "Lu",
];
const FORENAME_ENDS_MALE: &[&str] = &["n", "ric", "son", "ley", "dan", "mar", "tus", "wen", "rek", "do", "bert"];
const FORENAME_ENDS_FEMALE: &[&str] = &["na", "lia", "ra", "nne", "tte", "sa", "ly", "ria", "bel", "ssa", "dine"];

const SURNAME_STARTS: &[&str] = &[
    "Ash", "Brack", "Cald", "Dun", "Elm", "Fen", "Gar", "Hal", "Ing", "Kel", "Lang", "Mar", "Nor", "Ock", "Pem", "Rad",
    "Shel", "Thorn", "Wex", "Yar", "Bram", "Cor", "Ditch", "Hob", "Sal", "Whit", "Brig", "Craw", "Mort", "Pend",
    "Quar", "Stan", "Tad", "Ul", "Vell", "Wold", "Ab", "Gos", "Lind", "Rud",
];
const SURNAME_MIDDLES: &[&str] = &["", "er", "in", "ow", "ing", "en", "ar", "el"];
const SURNAME_ENDS: &[&str] = &[
    "by", "well", "wood", "ford", "ton", "ham", "ley", "wick", "more", "dale", "field", "stead", "thwaite", "croft",
    "hurst", "gate", "ridge", "shaw", "combe", "worth", "bury", "den", "holme", "lock", "mere", "side", "thorpe",
    "well", "cliffe", "bourne",
];

/// Real postcode areas (letters only; districts and units are made up).
const AREAS: &[&str] = &[
    "DH", "DL", "NE", "SR", "TS", "LS", "BD", "HG", "YO", "HU", "HX", "HD", "WF", "S", "DN", "LN", "NG", "DE", "LE",
    "CV", "B", "WS", "WV", "ST", "M", "OL", "BL", "WN", "L", "CH", "PR", "BB", "LA", "CA", "BS", "EX", "PL", "CF",
    "SA", "NR",
];
/// The letters of an inward code's unit.
const UNIT_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// A list of names with their draw weights, the first most common.
pub struct Vocabulary {
    names: Vec<String>,
    /// Running totals of the weights, for drawing by binary search.
    cumulative: Vec<u64>,
}

impl Vocabulary {
    /// Weights fall as `1 / (rank + offset)`: the larger `offset`, the flatter the top of the list.
    fn zipf(names: Vec<String>, offset: u64) -> Self {
        let mut total = 0;
        let cumulative = (0..names.len() as u64)
            .map(|rank| {
                total += 1_000_000_000 / (rank + offset);
                total
            })
            .collect();
        Self { names, cumulative }
    }

    pub fn draw(&self, dice: &mut Dice) -> &str {
        let total = *self.cumulative.last().expect("a vocabulary is never empty");
        let roll = dice.random_range(0..total);
        let index = self.cumulative.partition_point(|&c| c <= roll);
        &self.names[index]
    }
}

/// Interleaves the English names with the made-up ones, so both kinds are found from the common to the rare.
fn forenames(english: &[(&str, &[&str])], ends: &[&str]) -> Vocabulary {
    let made_up: Vec<String> =
        ends.iter().flat_map(|end| FORENAME_STARTS.iter().map(move |start| format!("{start}{end}"))).collect();
    let mut names: Vec<String> = Vec::with_capacity(english.len() + made_up.len());
    let mut made_up = made_up.into_iter();
    for (formal, _) in english {
        names.push((*formal).to_owned());
        names.extend(made_up.next());
        names.extend(made_up.next());
    }
    names.extend(made_up);
    names.dedup();
    Vocabulary::zipf(names, 12)
}

pub static MALE_FORENAMES: LazyLock<Vocabulary> = LazyLock::new(|| forenames(ENGLISH_MALE, FORENAME_ENDS_MALE));
pub static FEMALE_FORENAMES: LazyLock<Vocabulary> = LazyLock::new(|| forenames(ENGLISH_FEMALE, FORENAME_ENDS_FEMALE));

/// Every start, middle and end: about ten thousand surnames, mixed so neighbours in the list are unalike.
pub static SURNAMES: LazyLock<Vocabulary> = LazyLock::new(|| {
    let mut names = Vec::new();
    for end in SURNAME_ENDS {
        for middle in SURNAME_MIDDLES {
            for start in SURNAME_STARTS {
                names.push(format!("{start}{middle}{end}"));
            }
        }
    }
    // A fixed stride through the list, so that the common names are not all one start.
    let stride = 7_919;
    let count = names.len();
    let mut mixed: Vec<String> = (0..count).map(|i| names[(i * stride) % count].clone()).collect();
    let mut seen = std::collections::HashSet::new();
    mixed.retain(|name| seen.insert(name.clone()));
    Vocabulary::zipf(mixed, 25)
});

/// A short form of an English forename, if it has one.
pub fn nickname(dice: &mut Dice, forename: &str) -> Option<&'static str> {
    let (_, short) = ENGLISH_MALE.iter().chain(ENGLISH_FEMALE).find(|(formal, _)| *formal == forename)?;
    (!short.is_empty()).then(|| *pick(dice, short))
}

/// A whole postcode anywhere.
pub fn postcode(dice: &mut Dice) -> String {
    let area = pick(dice, AREAS);
    postcode_in(dice, area)
}

/// A whole postcode in the given area.
pub fn postcode_in(dice: &mut Dice, area: &str) -> String {
    let district = between(dice, 1, 29);
    let sector = between(dice, 0, 9);
    let a = char::from(*pick(dice, UNIT_LETTERS));
    let b = char::from(*pick(dice, UNIT_LETTERS));
    format!("{area}{district} {sector}{a}{b}")
}

/// The area of a postcode this module made.
pub fn area_of(postcode: &str) -> &str {
    &postcode[..postcode.chars().take_while(char::is_ascii_alphabetic).count()]
}

/// The outward code of a postcode this module made.
pub fn outward_of(postcode: &str) -> &str {
    postcode.split(' ').next().unwrap_or(postcode)
}
