//! Best posting times and posting plans (being written; see issue #4).
