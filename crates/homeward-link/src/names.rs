//! Names as linkage compares them: normalised to upper-case letters, split into parts (double-barrelled and
//! middle names), coded by Soundex for blocking, and looked up in a modest table of common English nicknames.

use std::collections::HashMap;
use std::sync::LazyLock;

/// A forename or surname in the form comparisons use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// Upper-case ASCII letters only: `O'Brien-Smith` becomes `OBRIENSMITH`.
    full: String,
    /// The parts the name was written in: `OBRIEN`, `SMITH`.
    parts: Vec<String>,
    /// Whether the name or one of its parts is in the nickname table: most are not, and comparing a million
    /// records' candidate pairs looks this up tens of millions of times.
    in_nickname_table: bool,
}

impl Name {
    /// Normalises a cell; `None` when nothing of a name is left (blank, punctuation only).
    pub fn parse(text: &str) -> Option<Self> {
        let parts: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == '-')
            .map(|part| part.chars().filter_map(plain_letter).collect())
            .filter(|part: &String| !part.is_empty())
            .collect();
        if parts.is_empty() {
            return None;
        }
        let full = parts.concat();
        let in_nickname_table =
            FORMAL_OF.contains_key(full.as_str()) || parts.iter().any(|p| FORMAL_OF.contains_key(p.as_str()));
        Some(Self { full, parts, in_nickname_table })
    }

    pub fn as_str(&self) -> &str {
        &self.full
    }

    pub fn parts(&self) -> &[String] {
        &self.parts
    }

    /// Whether the name or one of its parts is a formal name or nickname of the table ([`are_nicknames`]).
    pub fn in_nickname_table(&self) -> bool {
        self.in_nickname_table
    }

    /// The first letter, for initial-only agreement and blocking.
    pub fn initial(&self) -> char {
        self.full.chars().next().expect("a parsed name has at least one letter")
    }

    /// Whether the name is written as an initial only (`J`).
    pub fn is_initial(&self) -> bool {
        self.full.len() == 1
    }

    /// The American Soundex code of the whole name: a letter and three digits.
    pub fn soundex(&self) -> String {
        soundex(&self.full, Some(4))
    }

    /// The Soundex code of the whole name, neither cut to four characters nor padded: `ASHELTHORPE` is
    /// `A24361`. Blocking uses it: made-up and real surnames often share their first syllables, which is all the
    /// four characters of Soundex see, so in a file of a million records those codes gather thousands of names.
    pub fn sound_code(&self) -> String {
        soundex(&self.full, None)
    }
}

/// A letter as an upper-case ASCII letter, accents dropped (`é` is `E`, as `Chloé` is often typed `Chloe`);
/// `None` for anything else (apostrophes, dots, digits, letters of other alphabets).
fn plain_letter(c: char) -> Option<char> {
    if c.is_ascii_alphabetic() {
        return Some(c.to_ascii_uppercase());
    }
    let plain = match c.to_lowercase().next().unwrap_or(c) {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => 'A',
        'ç' | 'ć' | 'č' => 'C',
        'ď' | 'đ' => 'D',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'E',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'I',
        'ł' | 'ľ' => 'L',
        'ñ' | 'ń' | 'ň' => 'N',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'O',
        'ř' => 'R',
        'ś' | 'š' | 'ş' => 'S',
        'ť' | 'ţ' => 'T',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'U',
        'ý' | 'ÿ' => 'Y',
        'ź' | 'ż' | 'ž' => 'Z',
        _ => return None,
    };
    Some(plain)
}

fn soundex_digit(c: char) -> Option<char> {
    match c {
        'B' | 'F' | 'P' | 'V' => Some('1'),
        'C' | 'G' | 'J' | 'K' | 'Q' | 'S' | 'X' | 'Z' => Some('2'),
        'D' | 'T' => Some('3'),
        'L' => Some('4'),
        'M' | 'N' => Some('5'),
        'R' => Some('6'),
        _ => None,
    }
}

/// Soundex of upper-case ASCII letters; H and W do not separate letters of the same code, vowels do. Cut to
/// `length` characters and padded with zeros to it, when one is given.
fn soundex(letters: &str, length: Option<usize>) -> String {
    let mut chars = letters.chars();
    let Some(first) = chars.next() else { return String::new() };
    let mut code = String::from(first);
    let mut previous = soundex_digit(first);
    for c in chars {
        let digit = soundex_digit(c);
        if let Some(d) = digit.filter(|_| digit != previous) {
            code.push(d);
            if Some(code.len()) == length {
                break;
            }
        }
        if !matches!(c, 'H' | 'W') {
            previous = digit;
        }
    }
    while code.len() < length.unwrap_or(0) {
        code.push('0');
    }
    code
}

/// Formal names and the nicknames and short forms they are commonly recorded under. Modest on purpose: a wrong
/// entry here links different people, a missing one only costs a little weight.
const NICKNAMES: &[(&str, &[&str])] = &[
    ("ALEXANDER", &["ALEX", "ALEC", "SANDY", "XANDER", "ALI"]),
    ("ALEXANDRA", &["ALEX", "ALEXA", "SANDRA", "LEXI", "LEXIE", "ALI"]),
    ("ABIGAIL", &["ABBIE", "ABBY", "ABI", "GAIL"]),
    ("ANDREW", &["ANDY", "DREW"]),
    ("ANTHONY", &["TONY", "ANT"]),
    ("BENJAMIN", &["BEN", "BENNY", "BENJI"]),
    ("CALLUM", &["CAL"]),
    ("CATHERINE", &["CATH", "CATHY", "KATE", "KATIE", "CAT", "KAT"]),
    ("KATHERINE", &["KATH", "KATHY", "KATE", "KATIE", "KAT", "KITTY"]),
    ("CHARLES", &["CHARLIE", "CHAS", "CHUCK"]),
    ("CHARLOTTE", &["CHARLIE", "LOTTIE", "LOTTE"]),
    ("CHRISTOPHER", &["CHRIS", "KIT"]),
    ("CHRISTINA", &["CHRIS", "TINA", "CHRISSIE"]),
    ("DANIEL", &["DAN", "DANNY"]),
    ("DANIELLE", &["DANI", "ELLE"]),
    ("DAVID", &["DAVE", "DAVEY"]),
    ("EDWARD", &["ED", "EDDIE", "TED", "TEDDY", "NED"]),
    ("ELEANOR", &["ELLIE", "NELL", "NELLIE", "ELLA", "NORA"]),
    ("ELIZABETH", &["LIZ", "LIZZIE", "LIZZY", "BETH", "BETTY", "ELIZA", "BETSY", "LIBBY", "ELSIE"]),
    ("EMILY", &["EM", "EMMY", "MILLIE"]),
    ("FREDERICK", &["FRED", "FREDDIE", "FREDDY"]),
    ("GABRIELLE", &["GABBY", "GABI", "ELLE"]),
    ("GEORGINA", &["GEORGIE", "GINA"]),
    ("HARRISON", &["HARRY", "HARRIS"]),
    ("HENRY", &["HARRY", "HAL", "HANK"]),
    ("ISABELLA", &["BELLA", "IZZY", "ISSY", "ISA"]),
    ("ISABEL", &["BELLA", "IZZY", "ISSY", "IZZIE"]),
    ("JACOB", &["JAKE", "JAY"]),
    ("JAMES", &["JIM", "JIMMY", "JAMIE", "JIMBO"]),
    ("JENNIFER", &["JEN", "JENNY", "JENNI"]),
    ("JESSICA", &["JESS", "JESSIE", "JESSY"]),
    ("JOHN", &["JACK", "JOHNNY", "JON", "JONNY"]),
    ("JONATHAN", &["JON", "JONNY", "JONNIE", "NATHAN"]),
    ("JOSEPH", &["JOE", "JOEY", "JOSH"]),
    ("JOSHUA", &["JOSH"]),
    ("KIMBERLEY", &["KIM", "KIMMY"]),
    ("LAWRENCE", &["LARRY", "LAURIE"]),
    ("LEONARD", &["LEN", "LENNY", "LEO"]),
    ("MARGARET", &["MAGGIE", "MEG", "PEGGY", "MAISIE", "MADGE", "GRETA"]),
    ("MATTHEW", &["MATT", "MATTY"]),
    ("MEGAN", &["MEG"]),
    ("MICHAEL", &["MIKE", "MICK", "MICKEY", "MIKEY"]),
    ("NATHANIEL", &["NATHAN", "NAT", "NATE"]),
    ("NICHOLAS", &["NICK", "NICKY", "NICO"]),
    ("OLIVER", &["OLLIE", "OLLY"]),
    ("OLIVIA", &["LIV", "LIVVY", "LIVVIE", "OLLIE"]),
    ("PATRICK", &["PAT", "PADDY"]),
    ("PETER", &["PETE"]),
    ("REBECCA", &["BECKY", "BECCA", "BEX"]),
    ("RICHARD", &["RICH", "RICHIE", "RICK", "RICKY", "DICK"]),
    ("ROBERT", &["ROB", "ROBBIE", "BOB", "BOBBY", "BERT"]),
    ("SAMUEL", &["SAM", "SAMMY"]),
    ("SAMANTHA", &["SAM", "SAMMY", "SAMMIE"]),
    ("SOPHIA", &["SOPHIE", "SOPH"]),
    ("STEPHANIE", &["STEPH", "STEFF"]),
    ("STEPHEN", &["STEVE", "STEVIE"]),
    ("STEVEN", &["STEVE", "STEVIE"]),
    ("SUSAN", &["SUE", "SUSIE", "SUZY"]),
    ("THEODORE", &["THEO", "TED", "TEDDY"]),
    ("THOMAS", &["TOM", "TOMMY"]),
    ("TOBIAS", &["TOBY"]),
    ("VICTORIA", &["VICKY", "VICKI", "TORI"]),
    ("WILLIAM", &["WILL", "BILL", "BILLY", "WILLIE", "LIAM", "WILF"]),
    ("ZACHARY", &["ZAC", "ZACH", "ZACK"]),
];

/// Every name of the table, with the formal names it may stand for (a formal name stands for itself).
static FORMAL_OF: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for (formal, nicknames) in NICKNAMES {
        map.entry(formal).or_default().push(formal);
        for nickname in *nicknames {
            map.entry(nickname).or_default().push(formal);
        }
    }
    map
});

/// Whether two different names are the same formal name or nicknames of one (`BOB` and `ROBERT`, `JACK` and
/// `JOHNNY`).
pub fn are_nicknames(a: &str, b: &str) -> bool {
    match (FORMAL_OF.get(a), FORMAL_OF.get(b)) {
        (Some(formals_a), Some(formals_b)) => formals_a.iter().any(|formal| formals_b.contains(formal)),
        _ => false,
    }
}

/// The formal name a blocking key uses for a name: the first formal name of the table it may stand for, else the
/// name itself, so `BOB` and `ROBERT` share a block.
pub fn canonical(name: &str) -> &str {
    FORMAL_OF.get(name).and_then(|formals| formals.first().copied()).unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_to_letters_and_parts() {
        let name = Name::parse(" o'Brien-smith ").expect("a name");
        assert_eq!(name.as_str(), "OBRIENSMITH");
        assert_eq!(name.parts(), ["OBRIEN", "SMITH"]);
        assert_eq!(Name::parse(" - . "), None);
        assert!(Name::parse("j.").expect("an initial").is_initial());
        assert_eq!(Name::parse("Seán Ó Brádaigh").expect("a name").as_str(), "SEANOBRADAIGH");
        assert_eq!(Name::parse("ZOË").expect("a name").as_str(), "ZOE");
    }

    #[test]
    fn soundex_codes_follow_the_usual_examples() {
        assert_eq!(soundex("ROBERT", Some(4)), "R163");
        assert_eq!(soundex("RUPERT", Some(4)), "R163");
        assert_eq!(soundex("ASHCRAFT", Some(4)), "A261");
        assert_eq!(soundex("TYMCZAK", Some(4)), "T522");
        assert_eq!(soundex("PFISTER", Some(4)), "P236");
        assert_eq!(soundex("LEE", Some(4)), "L000");
    }

    #[test]
    fn nicknames_are_found_both_ways_and_through_a_shared_formal_name() {
        assert!(are_nicknames("BOB", "ROBERT"));
        assert!(are_nicknames("ROBERT", "BOBBY"));
        assert!(are_nicknames("LIZ", "BETH"));
        assert!(are_nicknames("JACK", "JOHN"));
        assert!(!are_nicknames("JACK", "JAMES"));
        assert!(!are_nicknames("UNLISTED", "ROBERT"));
        assert_eq!(canonical("BOB"), "ROBERT");
        assert_eq!(canonical("ZEBEDEE"), "ZEBEDEE");
    }
}
