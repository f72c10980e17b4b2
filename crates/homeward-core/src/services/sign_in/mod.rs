//! Signing in, as one service: counting attempts before they are checked (`attempts`), the password step and the
//! session it starts (`sessions`), and the second factor (`second_factor`).

mod attempts;
mod second_factor;
mod sessions;

pub use attempts::AttemptKeys;
pub use second_factor::{Enrolled, Enrolment, SecondFactorAnswer};
pub use sessions::{AwaitingSecondFactor, CurrentUser, PasswordPassed, SignedIn};
