//! The syllable exception table: `core/data/content/syllable_exceptions.tsv`, compiled at
//! build time (by `const fn`) into an open-addressing hash table, so a lookup costs one
//! FNV-1a hash of the word and usually one comparison — no allocation, no start-up work.

/// The exception list: `word<TAB>syllables` lines; `#` starts a comment line.
const DATA: &[u8] = include_bytes!("../../../data/content/syllable_exceptions.tsv");

/// Slots in the table (a power of two, at least twice the number of entries).
const SLOTS: usize = 1024;

/// One slot: offset of the word in `DATA`, its length (0 = empty slot) and its syllables.
#[derive(Clone, Copy)]
struct Slot {
    offset: u16,
    len: u8,
    syllables: u8,
}

const EMPTY: Slot = Slot {
    offset: 0,
    len: 0,
    syllables: 0,
};

const fn fnv1a(bytes: &[u8], start: usize, end: usize) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut i = start;
    while i < end {
        h ^= bytes[i] as u32;
        h = h.wrapping_mul(0x0100_0193);
        i += 1;
    }
    h
}

const fn same(a: &[u8], a_start: usize, b: &[u8], b_start: usize, len: usize) -> bool {
    let mut i = 0;
    while i < len {
        if a[a_start + i] != b[b_start + i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Parses `DATA` and fills the table; a malformed line fails the build, not a run.
const fn build() -> [Slot; SLOTS] {
    let mut table = [EMPTY; SLOTS];
    let mut entries = 0;
    let mut i = 0;
    while i < DATA.len() {
        // One line: [i, eol).
        let mut eol = i;
        while eol < DATA.len() && DATA[eol] != b'\n' {
            eol += 1;
        }
        if eol > i && DATA[i] != b'#' {
            let mut tab = i;
            while tab < eol && DATA[tab] != b'\t' {
                tab += 1;
            }
            assert!(
                tab < eol && tab > i,
                "exception line without word<TAB>count"
            );
            let len = tab - i;
            assert!(len < 64, "exception word too long");
            let mut k = i;
            while k < tab {
                assert!(
                    DATA[k].is_ascii_lowercase(),
                    "exception words are lowercase a-z"
                );
                k += 1;
            }
            let mut syl: u32 = 0;
            let mut d = tab + 1;
            while d < eol && DATA[d] != b'\r' && DATA[d] != b' ' && DATA[d] != b'\t' {
                assert!(DATA[d].is_ascii_digit(), "exception count is a number");
                syl = syl * 10 + (DATA[d] - b'0') as u32;
                d += 1;
            }
            assert!(syl >= 1 && syl <= 15, "exception count out of range");
            let mut slot = fnv1a(DATA, i, tab) as usize & (SLOTS - 1);
            loop {
                if table[slot].len == 0 {
                    break;
                }
                let s = table[slot];
                assert!(
                    !(s.len as usize == len && same(DATA, s.offset as usize, DATA, i, len)),
                    "duplicate exception word"
                );
                slot = (slot + 1) & (SLOTS - 1);
            }
            assert!(i <= u16::MAX as usize, "exception file too large");
            table[slot] = Slot {
                offset: i as u16,
                len: len as u8,
                syllables: syl as u8,
            };
            entries += 1;
            assert!(entries * 2 <= SLOTS, "too many exceptions for the table");
        }
        i = eol + 1;
    }
    table
}

static TABLE: [Slot; SLOTS] = build();

/// The syllables of `word` (lowercase ASCII letters) if it is an exception.
#[inline]
pub(super) fn lookup(word: &[u8]) -> Option<u32> {
    if word.is_empty() || word.len() >= 64 {
        return None;
    }
    let mut slot = fnv1a(word, 0, word.len()) as usize & (SLOTS - 1);
    loop {
        let s = TABLE[slot];
        if s.len == 0 {
            return None;
        }
        if s.len as usize == word.len() {
            let start = s.offset as usize;
            if DATA.get(start..start + word.len()) == Some(word) {
                return Some(u32::from(s.syllables));
            }
        }
        slot = (slot + 1) & (SLOTS - 1);
    }
}

/// Number of words in the table.
#[cfg(test)]
pub(super) fn len() -> usize {
    TABLE.iter().filter(|s| s.len != 0).count()
}
