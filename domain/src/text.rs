//! How long a text is, as a seller perceives it.

use unicode_segmentation::UnicodeSegmentation;

/// User-perceived characters (Unicode extended grapheme clusters) after trimming
/// leading and trailing whitespace: one Chinese character is 1, one emoji — even a
/// family or a flag made of several code points — is 1.
///
/// The live counter in the form, the validators and the backend all call this, so
/// `12/80` on screen and the rule can never disagree.
pub fn text_len(text: &str) -> usize {
    text.trim().graphemes(true).count()
}

/// Whether the text spans more than one line (for one-line fields such as 商品简介).
pub fn is_multiline(text: &str) -> bool {
    text.trim().contains(['\n', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_chinese_characters_as_one_each() {
        assert_eq!(text_len("青云云市场"), 5);
    }

    #[test]
    fn counts_an_emoji_as_one_even_when_made_of_several_code_points() {
        assert_eq!(text_len("👍"), 1);
        assert_eq!(text_len("👨‍👩‍👧‍👦"), 1); // family: 7 code points joined by ZWJ
        assert_eq!(text_len("🇨🇳"), 1); // flag: two regional indicators
        assert_eq!(text_len("e\u{301}"), 1); // e + combining acute
    }

    #[test]
    fn ignores_surrounding_whitespace_but_not_inner_spaces() {
        assert_eq!(text_len("  a b \n"), 3);
        assert_eq!(text_len(" \t\n "), 0);
        assert_eq!(text_len(""), 0);
    }

    #[test]
    fn multiline_is_about_inner_line_breaks() {
        assert!(!is_multiline("one line\n"));
        assert!(is_multiline("two\nlines"));
        assert!(is_multiline("two\r\nlines"));
    }
}
