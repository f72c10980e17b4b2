//! The seeded random source and the few ways the generator draws from it. Every draw is an integer draw from a
//! ChaCha stream, which is specified bit for bit, so a seed gives the same data on every machine and platform.
//! Each part of the world (the agencies, the staff, each council's people) reads its own stream, so adding a
//! draw in one part does not reshuffle the others.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::calibration::{Band, PerMille};

/// The generator's random source.
pub type Dice = ChaCha8Rng;

/// Stream numbers of the parts of the world.
pub const AGENCIES_STREAM: u64 = 1;
pub const STAFF_STREAM: u64 = 2;
/// The councils' SSDA903 records of their looked-after children.
pub const SSDA903_STREAM: u64 = 3;
/// What completed return interviews found, and the planted exploitation networks: drawn after everything else,
/// so that findings move none of the other records.
pub const FINDINGS_STREAM: u64 = 4;
/// Council `i` reads stream `COUNCIL_STREAMS + i`.
pub const COUNCIL_STREAMS: u64 = 1_000;

/// The stream `stream` of the seed `seed`.
pub fn dice(seed: u64, stream: u64) -> Dice {
    let mut dice = ChaCha8Rng::seed_from_u64(seed);
    dice.set_stream(stream);
    dice
}

/// True with the given chance in a thousand.
pub fn chance(dice: &mut Dice, per_mille: PerMille) -> bool {
    dice.random_range(0..1_000u32) < per_mille
}

/// A whole number in `low..=high`.
pub fn between(dice: &mut Dice, low: u32, high: u32) -> u32 {
    dice.random_range(low..=high)
}

/// A whole number in `low..=high` (for microsecond arithmetic).
pub fn between_i64(dice: &mut Dice, low: i64, high: i64) -> i64 {
    dice.random_range(low..=high)
}

/// The index of the share drawn from shares that add up to a thousand (or to any total).
pub fn pick_share(dice: &mut Dice, shares: &[PerMille]) -> usize {
    let total: u32 = shares.iter().sum();
    let mut roll = dice.random_range(0..total);
    for (index, &share) in shares.iter().enumerate() {
        if roll < share {
            return index;
        }
        roll -= share;
    }
    unreachable!("the roll is below the total of the shares")
}

/// A value drawn from a band table: first the band by weight, then uniformly within it.
pub fn draw(dice: &mut Dice, bands: &[Band]) -> u32 {
    let total: u32 = bands.iter().map(|b| b.weight).sum();
    let mut roll = dice.random_range(0..total);
    for band in bands {
        if roll < band.weight {
            return between(dice, band.low, band.high);
        }
        roll -= band.weight;
    }
    unreachable!("the roll is below the total of the weights")
}

/// One item of a non-empty slice, uniformly. The index is drawn as `u32` because `usize` draws differ between
/// 32- and 64-bit machines.
pub fn pick<'a, T>(dice: &mut Dice, items: &'a [T]) -> &'a T {
    let index = dice.random_range(0..items.len() as u32) as usize;
    &items[index]
}

/// One item of a slice, or nothing when it is empty.
pub fn pick_maybe<T: Copy>(dice: &mut Dice, items: &[T]) -> Option<T> {
    (!items.is_empty()).then(|| *pick(dice, items))
}

/// A shuffled deck of outcomes, dealt without replacement and reshuffled when empty. Over any run of deals as
/// long as the deck the outcomes come in exactly their proportions, so a small area with a hundred looked-after
/// children is as close to the DOMAIN.md figures as the whole country, while each person's draw stays random.
#[derive(Debug, Clone)]
pub struct Deck {
    cards: Vec<u16>,
    next: usize,
}

impl Deck {
    /// A deck holding each outcome (by index) in proportion to its weight, as few cards as those proportions allow.
    pub fn new(weights: &[u32]) -> Self {
        let unit = weights.iter().copied().filter(|&w| w > 0).reduce(gcd).expect("a deck has at least one outcome");
        let cards: Vec<u16> = weights
            .iter()
            .enumerate()
            .flat_map(|(index, &weight)| std::iter::repeat_n(index as u16, (weight / unit) as usize))
            .collect();
        let next = cards.len();
        Self { cards, next }
    }

    /// A deck of a band table's bands.
    pub fn of_bands(bands: &[Band]) -> Self {
        Self::new(&bands.iter().map(|b| b.weight).collect::<Vec<_>>())
    }

    /// A deck for something that happens with the given chance in a thousand.
    pub fn of_chance(per_mille: PerMille) -> Self {
        Self::new(&[per_mille, 1_000 - per_mille])
    }

    /// The index of the next outcome.
    pub fn deal(&mut self, dice: &mut Dice) -> usize {
        if self.next == self.cards.len() {
            // Fisher-Yates with `u32` draws, which are the same on every platform.
            for i in (1..self.cards.len()).rev() {
                let j = dice.random_range(0..=i as u32) as usize;
                self.cards.swap(i, j);
            }
            self.next = 0;
        }
        self.next += 1;
        usize::from(self.cards[self.next - 1])
    }

    /// Whether the next card of a chance deck is the one that happens.
    pub fn happens(&mut self, dice: &mut Dice) -> bool {
        self.deal(dice) == 0
    }

    /// A value from the band the next card names, uniformly within it.
    pub fn draw(&mut self, dice: &mut Dice, bands: &[Band]) -> u32 {
        let band = bands[self.deal(dice)];
        between(dice, band.low, band.high)
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Sixteen random bytes, for identifiers and salts.
pub fn bytes(dice: &mut Dice) -> [u8; 16] {
    dice.random()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibration::Band;

    #[test]
    fn the_same_stream_gives_the_same_draws_and_streams_differ() {
        let first: Vec<u32> = (0..8).scan(dice(7, 3), |d, _| Some(between(d, 0, 1_000))).collect();
        let again: Vec<u32> = (0..8).scan(dice(7, 3), |d, _| Some(between(d, 0, 1_000))).collect();
        let other: Vec<u32> = (0..8).scan(dice(7, 4), |d, _| Some(between(d, 0, 1_000))).collect();
        assert_eq!(first, again);
        assert_ne!(first, other);
    }

    #[test]
    fn a_deck_deals_its_proportions_exactly_in_every_round() {
        let mut d = dice(1, 2);
        let mut deck = Deck::of_chance(150);
        for _ in 0..5 {
            let hits = (0..20).filter(|_| deck.happens(&mut d)).count();
            assert_eq!(hits, 3);
        }
        let mut deck = Deck::new(&[560, 200, 100, 50, 50, 35, 5]);
        let mut counts = [0; 7];
        for _ in 0..200 {
            counts[deck.deal(&mut d)] += 1;
        }
        assert_eq!(counts, [112, 40, 20, 10, 10, 7, 1]);
    }

    #[test]
    fn draws_follow_their_weights() {
        let mut d = dice(1, 1);
        let bands = [Band { weight: 900, low: 1, high: 1 }, Band { weight: 100, low: 5, high: 9 }];
        let ones = (0..10_000).filter(|_| draw(&mut d, &bands) == 1).count();
        assert!((8_700..=9_300).contains(&ones), "{ones}");
        let picks = (0..10_000).filter(|_| pick_share(&mut d, &[250, 750]) == 0).count();
        assert!((2_300..=2_700).contains(&picks), "{picks}");
    }
}
