//! Clusters: the connected components of the linked pairs. Links are transitive here: if A links to B and B to C,
//! all three are one person, even when A and C alone score below the threshold.

/// The cluster of each record, named by the smallest `unique_id` (as text) among its members, so the same file and
/// pairs always give the same cluster ids, whatever order the records came in.
pub fn clusters(ids: &[String], linked: impl IntoIterator<Item = (u32, u32)>) -> Vec<String> {
    let mut parent: Vec<usize> = (0..ids.len()).collect();
    fn root(parent: &mut [usize], mut node: usize) -> usize {
        while parent[node] != node {
            parent[node] = parent[parent[node]];
            node = parent[node];
        }
        node
    }
    for (l, r) in linked {
        let (a, b) = (root(&mut parent, l as usize), root(&mut parent, r as usize));
        if a != b {
            // The root is always the member with the smallest id, so it names the cluster.
            let (keep, join) = if ids[a] <= ids[b] { (a, b) } else { (b, a) };
            parent[join] = keep;
        }
    }
    (0..ids.len()).map(|node| ids[root(&mut parent, node)].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_named_by_their_smallest_id() {
        let ids: Vec<String> = ["d", "b", "c", "a", "e"].map(String::from).to_vec();
        assert_eq!(clusters(&ids, [(0, 1), (1, 2), (3, 4)]), ["b", "b", "b", "a", "a"]);
        assert_eq!(clusters(&ids, []), ["d", "b", "c", "a", "e"]);
    }
}
