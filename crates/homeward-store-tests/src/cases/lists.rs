//! Lists: every list pages through all it holds, in its order, with no record lost or repeated at a page's edge
//! and none cut off by a cap.

use homeward_core::domain::ids::ReturnInterviewId;
use homeward_core::domain::paging::{Cursor, Paging, SortKey};
use homeward_core::domain::return_interview::InterviewFilter;
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;

/// More than any list ever held before it paged (500), with pairs sharing a sort key so ids must break ties.
const MANY: i64 = 520;

/// Reads every page of a list of `limit` records, `read` answering one page's records (with their sort keys) and
/// the cursor to the next; gives every record's key in the order read.
async fn every_page<K, Id, F, Fut>(limit: u32, mut read: F) -> Vec<(K, Id)>
where
    K: SortKey + std::fmt::Debug,
    Id: Copy + std::fmt::Display + std::str::FromStr,
    F: FnMut(Paging<K, Id>) -> Fut,
    Fut: std::future::Future<Output = (Vec<(K, Id)>, Option<Cursor<K, Id>>)>,
{
    let mut paging = Paging { after: None, limit };
    let mut seen = Vec::new();
    loop {
        let (items, next) = read(paging).await;
        assert!(items.len() <= limit as usize, "a page holds at most its limit");
        seen.extend(items);
        match next {
            // The cursor goes out as text and comes back as text.
            Some(cursor) => paging.after = Some(Cursor::decode(&cursor.encode()).expect("a cursor it gave out")),
            None => return seen,
        }
    }
}

pub async fn every_list_pages_through_all_it_holds(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = &world.actor("officer.a@test.example");
    let work = world.add_worklists(MANY).await;
    let interviews: Vec<_> = work.interviews.iter().map(|i| (i.due_at, i.id)).collect();
    let recommendations: Vec<_> = work.recommendations.iter().map(|r| (r.due_on, r.id)).collect();
    let alerts: Vec<_> = work.alerts.iter().map(|a| (a.raised_at, a.id)).collect();

    for limit in [50, 200] {
        let listed: Vec<(_, ReturnInterviewId)> = every_page(limit, |paging| async move {
            let page = core.return_interviews(officer, InterviewFilter::default(), &paging).await.expect("listed");
            (page.items.iter().map(|i| (i.due_at, i.id)).collect(), page.next)
        })
        .await;
        assert_eq!(listed, sorted(&interviews), "every interview, soonest due first, {limit} a page");

        let listed = every_page(limit, |paging| async move {
            let page = core.recommendations(officer, false, &paging).await.expect("listed");
            (page.items.iter().map(|r| (r.recommendation.due_on, r.recommendation.id)).collect(), page.next)
        })
        .await;
        assert_eq!(listed, sorted(&recommendations), "every recommendation, soonest due first, {limit} a page");

        let listed = every_page(limit, |paging| async move {
            let page = core.alerts(officer, &paging).await.expect("listed");
            (page.items.iter().map(|a| (a.raised_at, a.id)).collect(), page.next)
        })
        .await;
        let ours: Vec<_> = listed.iter().filter(|a| alerts.contains(a)).copied().collect();
        assert_eq!(ours, sorted(&alerts), "every alert, oldest first, {limit} a page");
        assert_eq!(listed, sorted(&listed), "and any others in their place");
    }
}

fn sorted<K: Ord + Copy, Id: Ord + Copy>(records: &[(K, Id)]) -> Vec<(K, Id)> {
    let mut records = records.to_vec();
    records.sort_unstable();
    records
}
