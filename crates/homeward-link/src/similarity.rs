//! Jaro-Winkler similarity of two names, as `strsim::jaro_winkler` computes it, figure for figure, but on the
//! bytes of upper-case ASCII names with its flags on the stack: comparing a million records' candidate pairs calls
//! it tens of millions of times, and the general version counts characters and allocates on every call. Anything
//! longer than [`MAX_BYTES`] or not ASCII goes to `strsim`.

/// The longest name compared here; longer ones are rare and go to `strsim`.
const MAX_BYTES: usize = 64;

pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if !a.is_ascii() || !b.is_ascii() || x.len() > MAX_BYTES || y.len() > MAX_BYTES {
        return strsim::jaro_winkler(a, b);
    }
    let similarity = jaro(x, y);
    if similarity > 0.7 {
        let prefix = x.iter().take(4).zip(y).take_while(|(p, q)| p == q).count();
        similarity + 0.1 * prefix as f64 * (1.0 - similarity)
    } else {
        similarity
    }
}

fn jaro(x: &[u8], y: &[u8]) -> f64 {
    if x.is_empty() && y.is_empty() {
        return 1.0;
    }
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let range = (x.len().max(y.len()) / 2).saturating_sub(1);
    let mut x_flags = [false; MAX_BYTES];
    let mut y_flags = [false; MAX_BYTES];
    let mut matches = 0_usize;
    for (i, &c) in x.iter().enumerate() {
        let low = i.saturating_sub(range);
        let high = y.len().min(i + range + 1);
        for j in low..high {
            if !y_flags[j] && y[j] == c {
                x_flags[i] = true;
                y_flags[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0_usize;
    let mut j = 0;
    for (i, &c) in x.iter().enumerate() {
        if x_flags[i] {
            while !y_flags[j] {
                j += 1;
            }
            if y[j] != c {
                transpositions += 1;
            }
            j += 1;
        }
    }
    let transpositions = transpositions / 2;
    let m = matches as f64;
    (m / x.len() as f64 + m / y.len() as f64 + (matches - transpositions) as f64 / m) / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_strsim_to_the_last_bit() {
        let names = [
            "",
            "A",
            "AB",
            "ASHWORTH",
            "ASHWROTH",
            "TAMSIN",
            "TAMZIN",
            "FAIRCLOUGH",
            "FAIRCLOGH",
            "MARTHA",
            "MARHTA",
            "DIXON",
            "DICKSONX",
            "JELLYFISH",
            "SMELLYFISH",
            "ERIN",
            "EQIN",
            "DEWHURSTCLEGG",
            "CLEGG",
            "ÉMILE",
            "EMILE",
        ];
        for a in names {
            for b in names {
                assert_eq!(jaro_winkler(a, b).to_bits(), strsim::jaro_winkler(a, b).to_bits(), "{a} {b}");
            }
        }
    }
}
