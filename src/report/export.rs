//! Reports for the county (csv, xlsx, md, json); see issue #5.
