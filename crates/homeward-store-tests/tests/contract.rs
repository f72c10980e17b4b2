//! Runs every contract case on SQLite, and on PostgreSQL when the test script provides a server.

use homeward_store_tests::{backends, cases};

macro_rules! contract {
    ($($case:ident),+ $(,)?) => {
        mod sqlite {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    cases::$case(backends::sqlite().await).await;
                }
            )+
        }

        mod postgres {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    if let Some(url) = backends::postgres_url() {
                        cases::$case(backends::postgres(&url).await).await;
                    }
                }
            )+
        }
    };
}

contract!(
    agencies_have_unique_codes_and_councils_name_their_force,
    users_have_unique_emails_and_fitting_roles,
    tokens_authenticate_until_they_expire,
    each_agency_sees_only_its_own_cases,
    lists_page_in_order_with_filters,
    every_change_and_read_is_audited_and_tampering_is_found,
    deleting_audit_events_is_found,
    reopening_a_database_keeps_its_records,
);
