//! Runs every contract case on SQLite, and on PostgreSQL when the test script provides a server; without one the
//! PostgreSQL cases are reported as ignored, with the reason.

use homeward_store_tests::{cases, dump};
use homeward_testkit::{Backend, TestDatabase};

macro_rules! contract {
    ($($case:ident),+ $(,)?) => {
        mod sqlite {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    cases::$case(TestDatabase::new(Backend::Sqlite).await).await;
                }
            )+
        }

        mod postgres {
            use super::*;
            $(
                homeward_testkit::postgres_test! {
                    async fn $case() {
                        cases::$case(TestDatabase::new(Backend::Postgres).await).await;
                    }
                }
            )+
        }
    };
}

contract!(
    the_retention_schedule_erases_what_is_due_with_a_tombstone_and_the_chain_still_verifies,
    a_councils_returns_hold_every_episode_of_its_children_with_its_own_reference,
    an_abduction_notice_in_force_alerts_the_force_and_council_when_its_child_or_adult_is_named_again,
    a_childrens_home_is_prompted_to_notify_ofsted_and_alerted_when_it_has_not_a_day_later,
    an_imported_episode_still_open_prompts_the_home_and_a_past_one_does_not,
    a_council_records_a_child_missing_education_and_it_prompts_and_counts,
    a_helpline_contact_stays_with_its_provider_unless_shared_and_joins_the_record_once_linked,
    a_support_plan_after_an_interview_records_its_sessions_and_alerts_an_overdue_review,
    a_legacy_absent_episode_is_reviewed_once_and_counted_until_then,
    part_two_is_kept_per_episode_and_profile_versions_page_latest_first,
    the_long_term_register_is_scoped_kept_and_reviewed,
    an_operator_gathers_everything_held_about_a_person_from_every_agency,
    idempotency_keys_are_taken_once_replayed_and_expire_after_a_day,
    two_requests_with_one_key_at_once_take_it_once,
    a_request_that_lost_its_answer_is_carried_out_again_only_if_its_work_was_not_committed,
    a_context_belongs_to_its_agency_and_alerts_it_when_a_later_record_touches_it,
    places_and_people_named_across_agencies_are_joined_and_shown_to_those_who_may_see,
    linked_records_are_one_child_to_the_strategy_meeting_rule_and_the_key_figures,
    a_proposal_decided_by_two_reviewers_at_once_is_decided_once,
    person_links_are_proposed_once_reviewed_by_those_who_see_both_and_undone_exactly,
    a_report_is_shown_the_records_its_agency_sees_and_flags_those_it_does_not,
    people_held_before_match_keys_are_filed_by_the_scheduler,
    links_are_followed_from_record_to_record_and_an_undone_link_parts_them,
    agencies_have_unique_codes_and_councils_name_their_force,
    users_have_unique_emails_and_fitting_roles,
    tokens_authenticate_until_they_expire,
    each_agency_sees_only_its_own_cases,
    lists_page_in_order_with_filters,
    every_list_pages_through_all_it_holds,
    every_change_and_read_is_audited_and_tampering_is_found,
    deleting_audit_events_is_found,
    the_chain_begins_with_its_genesis_event_once,
    concurrent_reads_are_each_audited_in_order_and_kept_across_a_restart,
    a_batch_that_fails_acknowledges_none_of_its_reads_and_leaves_the_chain_whole,
    sign_ins_and_unaudited_reads_do_not_wait_for_a_long_write,
    audited_reads_are_answered_while_a_long_job_holds_the_chain_and_sealed_in_order_after,
    spooled_reads_survive_a_restart_and_are_sealed_once_by_the_next_tick_or_verify,
    a_lost_spool_does_not_hide_the_reads_spooled_after_it,
    two_servers_on_one_database_make_one_chain,
    reopening_a_database_keeps_its_records,
    sign_in_starts_a_session_after_the_second_factor_and_failures_lock_out,
    concurrent_attempts_at_one_counter_are_each_counted,
    a_code_step_and_a_recovery_code_are_used_once,
    case_counts_are_scoped,
    a_council_sees_adults_only_where_it_has_been_asked_to_act,
    a_host_council_sees_children_placed_in_its_area_and_no_one_elses,
    the_joint_grade_follows_both_views_and_the_floors,
    alerts_reach_the_right_agency_and_are_acknowledged_with_a_note,
    alerts_are_counted_by_kind_listed_newest_first_and_acknowledged_together,
    reporting_a_child_shares_the_episode_and_raises_the_right_alerts,
    impossible_episodes_are_refused_and_change_nothing,
    blank_override_reasons_retyped_profiles_and_broken_photos_are_refused,
    profiles_are_kept_by_carers_versioned_and_seen_by_police_once_reported,
    the_council_category_changes_with_its_history_kept,
    photographs_are_checked_kept_and_shown_only_within_scope,
    a_forces_own_rules_set_review_times_and_the_young_child_age,
    a_childs_return_creates_an_interview_due_in_72_hours_for_someone_independent,
    a_return_records_where_found_and_the_police_close_with_a_safe_and_well_check,
    an_interview_outcome_keeps_findings_and_its_recommendations_reach_their_owners,
    one_interview_may_cover_a_childs_closely_spaced_episodes,
    episodes_import_idempotently_and_a_bad_row_writes_nothing,
    an_import_refuses_impossible_episodes_naming_the_line,
    a_reimport_reads_back_only_the_records_of_rows_that_changed,
    loaded_text_comes_back_exactly_as_written,
    a_councils_ssda903_return_is_built_from_its_children_and_their_episodes,
    a_first_import_into_empty_tables_rebuilds_their_indexes_and_keys,
    key_figures_count_every_episode_in_scope_to_the_unit,
    a_review_counts_as_due_and_alerts_at_the_same_moment,
    time_raises_alerts_when_they_fall_due_and_closes_them_when_done,
    notifications_leave_once_per_recipient_retry_and_are_given_up_to_the_admin,
    the_daily_digest_counts_an_agencys_alerts_once_a_day_for_those_who_chose_it,
    overdue_interviews_are_listed_counted_and_alerted_by_the_one_rule,
    only_those_independent_of_the_case_who_would_see_it_are_offered_and_assigned,
    everyone_who_worked_an_episode_is_known_each_once,
    an_adults_return_conversation_is_assigned_and_completed_by_the_agency_that_offered_it,
    an_adults_herbert_profile_is_kept_by_whoever_recorded_them_and_read_by_the_police,
    the_young_child_rule_is_explained_with_the_forces_own_age,
    each_record_offers_exactly_the_actions_its_services_accept,
    assignment_is_the_councils_job_and_a_practitioner_may_not_reassign,
    a_covered_interview_takes_its_outcome_on_the_one_covering_it,
    every_episode_gets_the_force_covering_where_the_person_went_missing_from,
    placements_are_recorded_and_ended_and_the_person_keeps_the_current_one,
    found_out_of_area_compares_with_the_placements_and_the_responsible_councils_areas,
    an_import_sets_the_placement_and_a_bad_placement_row_changes_nothing,
    the_postcode_directory_is_looked_up_and_replaced_whole,
    postcodes_given_are_checked_against_the_directory_which_decides_found_out_of_area,
);

homeward_testkit::postgres_test! {
    /// The same seed and day give the same rows in every table on SQLite and on PostgreSQL.
    async fn the_same_demo_seed_gives_the_same_rows_on_both_stores() {
        let options = homeward_synth::DemoOptions {
            seed: 11,
            scale: homeward_synth::Scale::Area,
            as_of: homeward_testkit::world::at("2026-11-01T00:00:00Z"),
        };
        let sqlite = TestDatabase::new(Backend::Sqlite).await;
        let postgres = TestDatabase::new(Backend::Postgres).await;
        for db in [&sqlite, &postgres] {
            let (core, clock) = homeward_testkit::world::core(db.store.clone());
            clock.set(options.as_of);
            let demo = homeward_synth::generate(&options);
            core.seed(&homeward_core::Actor::operator("demo"), &demo.data, options.seed).await.expect("seeded");
        }
        let (left, right) = (dump::dump(&sqlite).await, dump::dump(&postgres).await);
        for table in dump::TABLES {
            let (l, r) = (&left[*table], &right[*table]);
            assert_eq!(l.len(), r.len(), "{table}: row counts differ");
            if let Some((a, b)) = l.iter().zip(r).find(|(a, b)| a != b) {
                panic!("{table}: first differing row\n sqlite:   {a:?}\n postgres: {b:?}");
            }
        }
        assert!(left["episodes"].len() > 2_000, "a whole synthetic year was compared");
    }
}
