//! Character classes that news text asks about constantly. `char::is_alphabetic` walks
//! Unicode tables for every non-ASCII character; these answer the common cases (ASCII,
//! the Arabic block) directly and only fall back to it for the rest.

/// An Arabic letter (Arabic block and its supplements, presentation forms included);
/// not digits, marks, tatweel or punctuation.
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}' | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}' | '\u{06FF}'
        | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}'
        | '\u{FB50}'..='\u{FDFB}' | '\u{FE70}'..='\u{FEFC}')
}

/// Any character of the Arabic script blocks (letters, marks, digits, punctuation).
#[inline]
pub fn is_arabic_script(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// A letter of any script (what `char::is_alphabetic` says, quickly for ASCII and Arabic).
#[inline]
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        return is_arabic_letter(c);
    }
    c.is_alphabetic()
}

/// A letter or a digit of any script.
#[inline]
pub fn is_letter_or_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        return is_arabic_letter(c) || ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c);
    }
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_with_the_standard_library_on_the_arabic_block() {
        for c in ('\u{0600}'..='\u{06FF}').chain('\u{0000}'..='\u{007F}') {
            // The standard library counts a few Arabic signs (ـ ٰ and some marks) as
            // alphabetic; for words we want letters only, so only check one direction.
            if is_letter(c) {
                assert!(c.is_alphabetic(), "{c:?}");
            }
            if c.is_ascii() {
                assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
                assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
            }
        }
        assert!(is_letter('ب') && is_letter('ی') && is_letter('é') && !is_letter('،') && !is_letter('٣'));
        assert!(is_letter_or_digit('٣') && !is_letter_or_digit('؟'));
    }
}
