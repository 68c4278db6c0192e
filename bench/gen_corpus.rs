//! Deterministic corpus generator for the benchmark: realistic news articles
//! in Markdown (front matter, headline, byline, images with captions,
//! headings, quotes, lists) with seeded mistakes of every default rule kind.
//!
//! Usage: cargo run --release --example gen_corpus -- OUT_DIR SIZE_MB [SEED]
//!
//! The same arguments always give the same files, byte for byte.

use std::fmt::Write as _;
use std::path::Path;

/// SplitMix64: small, fast, and deterministic everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const FIRST: &[&str] = &[
    "Li",
    "Wang",
    "Zhang",
    "Ahmed",
    "María",
    "José",
    "Fatima",
    "Oluwaseun",
    "Priya",
    "Hannah",
    "Sam",
    "Chen",
    "Nguyen",
    "Amelia",
    "Rafael",
    "Kim",
    "Ana",
    "Tom",
    "Yusuf",
    "Mei",
    "Daniel",
    "Aroha",
    "Sofia",
    "Ivan",
];
const LAST: &[&str] = &[
    "Wei",
    "Jiajun",
    "Xiaoming",
    "al-Rashid",
    "Fernández",
    "Romero",
    "Benali",
    "Adeyemi",
    "Raghavan",
    "Brooks",
    "Taylor",
    "Jing",
    "Thi Lan",
    "Hart",
    "Ortiz",
    "Lee",
    "Silva",
    "Reed",
    "Okafor",
    "Ngata",
    "Petrov",
    "Costa",
];
const ORGS: &[&str] = &[
    "the city council",
    "the university",
    "the health ministry",
    "the transport agency",
    "the school board",
    "the research institute",
    "the hospital",
    "the museum",
    "the water authority",
    "the port commission",
];
const SUBJECTS: &[&str] = &[
    "The committee",
    "Officials",
    "Researchers",
    "The mayor",
    "Residents",
    "The board",
    "Engineers",
    "Students",
    "The agency",
    "Local businesses",
    "Doctors",
    "Teachers",
];
const VERBS: &[&str] = &[
    "approved",
    "announced",
    "reviewed",
    "welcomed",
    "questioned",
    "funded",
    "delayed",
    "expanded",
    "criticised",
    "supported",
    "presented",
    "published",
];
const OBJECTS: &[&str] = &[
    "a new budget for road repairs",
    "plans for a second library",
    "the annual safety report",
    "a study of coastal erosion",
    "funding for the bus network",
    "the design of the new bridge",
    "a programme for young researchers",
    "changes to the school calendar",
    "a review of water prices",
    "the proposal to extend the museum",
    "a partnership with two hospitals",
    "the results of the survey",
];
const TAILS: &[&str] = &[
    "on Monday",
    "after a long debate",
    "earlier this week",
    "at a public meeting",
    "in a statement",
    "despite objections from residents",
    "for the first time since 2019",
    "with broad support",
    "ahead of the next election",
    "following months of talks",
];
const QUOTES: &[&str] = &[
    "This is a good day for the city",
    "We listened to every resident",
    "The work will take two years",
    "Nobody expected the costs to rise so quickly",
    "We will publish the figures next month",
];
const HEADS: &[&str] = &[
    "Council Approves New Budget",
    "University Opens Research Centre",
    "Hospital Expands Emergency Ward",
    "Museum Unveils Restored Gallery",
    "Port Commission Signs Trade Deal",
    "Schools Adopt New Calendar",
    "Bridge Repairs Finish Early",
    "Water Prices Under Review",
];

/// Seeded mistakes: one of each default rule kind, chosen at random.
fn mistake(rng: &mut Rng) -> String {
    match rng.below(7) {
        0 => "The two leaders sighed the agreement in the afternoon.".to_string(),
        1 => "Officials met in the the main hall.".to_string(),
        2 => "The pubic health budget rose by 4 percent.".to_string(),
        3 => "The murder trail is expected to last a month.".to_string(),
        4 => "Funding rose more then expected.\u{a0}".to_string(),
        5 => "The plan was approved.  Work starts soon.".to_string(),
        _ => "The board agreed in principal to the merger.".to_string(),
    }
}

fn sentence(rng: &mut Rng) -> String {
    format!(
        "{} {} {} {}.",
        rng.pick(SUBJECTS),
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        rng.pick(TAILS)
    )
}

fn name(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

/// One article of about `target` bytes.
fn article(rng: &mut Rng, index: usize, target: usize) -> String {
    let mut out = String::with_capacity(target + 512);
    let head = rng.pick(HEADS);
    let _ = write!(
        out,
        "---\ntitle: \"{head}\"\ndate: 2024-{:02}-{:02}\nslug: story-{index}\n---\n\n# {head}\n\n",
        1 + rng.below(12),
        1 + rng.below(28)
    );
    let byline = if rng.chance(10) { "By:" } else { "By" };
    let _ = writeln!(out, "{byline} {} and {}\n", name(rng), name(rng));
    let mut first_sentence = None;
    let mut paragraph = 0;
    while out.len() < target {
        paragraph += 1;
        if paragraph % 4 == 0 {
            let caption = if rng.chance(15) {
                first_sentence.clone().unwrap_or_else(|| sentence(rng))
            } else {
                format!("{} at the meeting in {}", name(rng), rng.pick(ORGS))
            };
            let _ = writeln!(
                out,
                "![{caption}](images/{index}-{paragraph}.jpg)\n*{caption}*\n"
            );
        }
        if paragraph % 6 == 0 {
            let _ = writeln!(out, "## {}\n", rng.pick(HEADS));
        }
        if paragraph % 7 == 0 {
            let _ = writeln!(
                out,
                "> \u{201c}{},\u{201d} said {}.\n",
                rng.pick(QUOTES),
                name(rng)
            );
        }
        if paragraph % 9 == 0 {
            for _ in 0..3 {
                let _ = writeln!(out, "- {}", sentence(rng));
            }
            out.push('\n');
        }
        let count = 3 + rng.below(4);
        for i in 0..count {
            let s = if rng.chance(4) {
                mistake(rng)
            } else {
                sentence(rng)
            };
            if first_sentence.is_none() {
                first_sentence = Some(s.trim_end_matches('.').to_string());
            }
            out.push_str(&s);
            out.push(if i + 1 == count { '\n' } else { ' ' });
        }
        if rng.chance(3) {
            out.push_str("See `data.csv` at https://example.org/the/the/data for the figures.\n");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "Photo: {}", name(rng));
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: gen_corpus OUT_DIR SIZE_MB [SEED]");
        std::process::exit(2);
    }
    let out = Path::new(&args[1]);
    let size_mb: f64 = args[2].parse().unwrap_or_else(|_| {
        eprintln!("error: SIZE_MB must be a number, not {:?}", args[2]);
        std::process::exit(2)
    });
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(2017);
    let total = (size_mb * 1_000_000.0) as usize;
    let mut rng = Rng(seed);
    let mut written = 0;
    let mut index = 0;
    while written < total {
        let dir = out.join(format!("{:03}", index / 1000));
        if index % 1000 == 0 {
            std::fs::create_dir_all(&dir).expect("create corpus directory");
        }
        let target = 2_000 + rng.below(8_000);
        let text = article(&mut rng, index, target);
        std::fs::write(dir.join(format!("story-{index:06}.md")), &text).expect("write article");
        written += text.len();
        index += 1;
    }
    println!(
        "{index} articles, {:.1} MB in {}",
        written as f64 / 1e6,
        out.display()
    );
}
