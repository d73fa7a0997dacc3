//! Prints the Latin name marsad gives each argument (or a built-in sample).
//!
//! ```text
//! cargo run -p marsad-link --example latin_names -- "عبد العزيز بوتفليقة" "سامر الخطيب"
//! ```

use marsad_link::{Gazetteer, latin_name, name_key};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sample = [
        "محمد علي",
        "أحمد حسن",
        "فاطمة الزهراء",
        "يوسف القرضاوي",
        "عمر خالد",
        "ليلى علوي",
        "عبد العزيز بوتفليقة",
        "عبد الفتاح",
        "أبو بكر",
        "مصطفى إبراهيم",
        "عثمان",
        "جورج قرداحي",
        "ميشيل",
        "هيفاء وهبي",
        "نجيب محفوظ",
        "جبران خليل جبران",
        "وليد جنبلاط",
        "سمير جعجع",
        "كيم كارداشيان",
        "فلوديمير",
        "زيلنسكي",
        "شي جين بينغ",
        "آنا نغداليان",
        "غوغل",
        "ستيباناكيرت",
        "مارتن لوثر كينغ",
        "توماس فريدمان",
        "هنري كيسنجر",
    ];
    let g = Gazetteer::builtin();
    let names: Vec<&str> = if args.is_empty() { sample.to_vec() } else { args.iter().map(String::as_str).collect() };
    for n in names {
        println!("{n} → {} [{}]", latin_name(g, n), name_key(n));
    }
}
