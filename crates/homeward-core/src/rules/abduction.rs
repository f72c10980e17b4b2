//! When a Child Abduction Warning Notice is in force. A notice runs from the day it is served to its expiry date,
//! both included; police practice sets the expiry (commonly two years, or the child's 16th or 18th birthday), so
//! Homeward asks for it and checks only that it comes after the day served and that the notice was not served in
//! the future.

use time::Date;

use crate::domain::abduction::AbductionNotice;
use crate::error::{CoreError, FieldErrors};

/// Whether the notice is in force on this (UK calendar) day.
pub fn in_force(notice: &AbductionNotice, on: Date) -> bool {
    notice.served_on <= on && on <= notice.expires_on
}

/// Refuses an expiry on or before the day served, or a notice served after `today`.
pub fn check_dates(served_on: Date, expires_on: Date, today: Date) -> Result<(), CoreError> {
    let mut errors = FieldErrors::new();
    if served_on > today {
        errors.add("served_on", "must not be in the future");
    }
    if expires_on <= served_on {
        errors.add("expires_on", "must be after the day the notice was served");
    }
    errors.into_result()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn expiry_comes_after_service_and_service_is_not_in_the_future() {
        let today = date!(2026 - 03 - 05);
        assert!(check_dates(date!(2026 - 03 - 01), date!(2028 - 03 - 01), today).is_ok());
        assert!(check_dates(date!(2026 - 03 - 01), date!(2026 - 03 - 01), today).is_err());
        assert!(check_dates(date!(2026 - 03 - 01), date!(2026 - 02 - 01), today).is_err());
        assert!(check_dates(date!(2026 - 03 - 06), date!(2027 - 03 - 06), today).is_err());
    }
}
