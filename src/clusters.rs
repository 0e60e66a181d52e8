//! Union-find: items joined pair by pair fall into clusters (merged events, ACLED event rows).

use std::collections::BTreeMap;

/// A partition of `0..n`, joined pair by pair. Each cluster's root is its smallest member,
/// so clusters come out the same whatever order the joins were made in.
pub(crate) struct Clusters {
    parent: Vec<usize>,
}

impl Clusters {
    pub(crate) fn new(n: usize) -> Self {
        Clusters {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, i: usize) -> usize {
        let mut r = i;
        while self.parent[r] != r {
            r = self.parent[r];
        }
        let mut i = i;
        while self.parent[i] != r {
            let next = self.parent[i];
            self.parent[i] = r;
            i = next;
        }
        r
    }

    pub(crate) fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        self.parent[ra.max(rb)] = ra.min(rb);
    }

    /// Every cluster (by root), its members in increasing order.
    pub(crate) fn groups(mut self) -> BTreeMap<usize, Vec<usize>> {
        let mut out: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..self.parent.len() {
            let r = self.find(i);
            out.entry(r).or_default().push(i);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_chain_into_one_cluster_rooted_at_the_smallest() {
        let mut c = Clusters::new(5);
        c.join(4, 3);
        c.join(3, 1);
        let g = c.groups();
        assert_eq!(g[&0], [0]);
        assert_eq!(g[&1], [1, 3, 4]);
        assert_eq!(g[&2], [2]);
    }
}
