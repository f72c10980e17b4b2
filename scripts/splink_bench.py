"""Links a `homeward link batch` input file with Splink 4 on DuckDB, for scripts/bench-link.sh to compare against.

    splink_bench.py RECORDS.csv OUT_PAIRS.csv

The settings are Splink's documented ones for deduplicating people (the "febrl"/"historical people" tutorials):
names compared with Jaro-Winkler levels and term-frequency adjustments, the date of birth with Splink's
DateOfBirthComparison, the postcode with PostcodeComparison (unit, sector, district, area), sex exactly; lambda from
deterministic rules, u by random sampling, m by expectation-maximisation once per training blocking rule; then
predict at a match probability of 0.5. The input is cleaned the way the tutorials clean theirs (lower-case, trimmed,
blanks as nulls); partial dates of birth are kept as text, so they can still agree exactly. Writes every predicted
pair (unique_id_l, unique_id_r, match_probability) and prints counts only.
"""

import sys
import time

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def main(records_path: str, pairs_path: str) -> None:
    started = time.monotonic()
    con = duckdb.connect()
    con.execute(
        f"""
        create table records as
        select
            unique_id,
            nullif(lower(trim(first_name)), '') as first_name,
            nullif(lower(trim(surname)), '') as surname,
            nullif(trim(dob), '') as dob,
            nullif(upper(trim(sex)), '') as sex,
            nullif(upper(trim(postcode)), '') as postcode
        from read_csv('{records_path}', header = true, all_varchar = true)
        """
    )
    db_api = DuckDBAPI(connection=con)
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("postcode", "first_name"),
        ],
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("sex"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    linker = Linker("records", settings, db_api=db_api)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    con.execute(
        f"""
        copy (select unique_id_l, unique_id_r, match_probability from {predictions.physical_name})
        to '{pairs_path}' (header, delimiter ',')
        """
    )
    count = con.execute(f"select count(*) from {predictions.physical_name}").fetchone()[0]
    print(f"splink: {count} pairs at 0.5 or more in {time.monotonic() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
