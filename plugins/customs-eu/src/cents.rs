//! Integer money arithmetic on the hot path: the same results as `Money::percent_bp` and
//! `Money::allocate`, computed in `i64` instead of `i128`.
//!
//! Why: in wasm, an `i128` division is a library call of a few hundred instructions, and an
//! assessment of ten lines makes about forty of them — a measurable share of the per-call
//! budget. Every amount here is far below the `i64` limits, so each function checks for
//! overflow and falls back to the SDK's `i128` version when it would happen. The tests prove
//! both paths give the same answer, rounding included (half away from zero; largest remainder,
//! first index first).

use crossdock_sdk::{Money, MoneyError};

/// `bp` basis points of `money`, rounded half away from zero: `Money::percent_bp`, in `i64`.
pub fn percent(money: Money, bp: u32) -> Result<Money, MoneyError> {
    let Some(product) = money.amount.checked_mul(i64::from(bp)) else {
        return money.percent_bp(bp);
    };
    let (q, r) = (product / 10_000, product % 10_000);
    let q = if 2 * r.abs() >= 10_000 { q + product.signum() } else { q };
    Ok(Money::new(q, money.currency))
}

/// Splits `whole` over `weights` in proportion, the parts adding up to the whole, into `out`
/// (same length as `weights`): `Money::allocate`, in `i64` and without allocating.
pub fn spread(whole: Money, weights: &[u64], out: &mut [Money]) -> Result<(), MoneyError> {
    debug_assert_eq!(weights.len(), out.len());
    let even = weights.iter().all(|w| *w == 0);
    let weight = |w: u64| if even { 1 } else { w };
    let total = weights.iter().try_fold(0i64, |sum, w| sum.checked_add(i64::try_from(weight(*w)).ok()?));
    let fits = total.is_some_and(|t| whole.amount.checked_mul(t).is_some());
    let Some(total) = total.filter(|t| *t > 0 && fits) else {
        let parts = whole.allocate(weights)?;
        out.iter_mut().zip(parts).for_each(|(o, p)| *o = p);
        return Ok(());
    };
    // Floors first; `remainders` would need a vector, so they are recomputed when needed.
    let rem = |w: u64| (whole.amount * weight(w) as i64 % total).abs();
    let mut left = whole.amount;
    for (o, w) in out.iter_mut().zip(weights) {
        let part = whole.amount * weight(*w) as i64 / total;
        *o = Money::new(part, whole.currency);
        left -= part;
    }
    // |left| < number of parts: hand one unit each to the largest remainders, first index
    // first, as `Money::allocate` does. `given` marks who already got one (up to 64 parts;
    // longer lists take the SDK's path).
    if weights.len() > 64 {
        let parts = whole.allocate(weights)?;
        out.iter_mut().zip(parts).for_each(|(o, p)| *o = p);
        return Ok(());
    }
    let step = left.signum();
    let mut given: u64 = 0;
    while left != 0 {
        let mut best: Option<(usize, i64)> = None;
        for (i, w) in weights.iter().enumerate() {
            let r = rem(*w);
            if given & (1 << i) == 0 && best.is_none_or(|(_, b)| r > b) {
                best = Some((i, r));
            }
        }
        let Some((i, _)) = best else { break };
        given |= 1 << i;
        out[i].amount += step;
        left -= step;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(amount: i64) -> Money {
        Money::new(amount, "EUR".parse().unwrap())
    }

    /// A small deterministic generator, so the cases are the same on every run.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, below: u64) -> u64 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % below
        }
    }

    #[test]
    fn percent_equals_the_sdk_including_rounding_and_overflow() {
        let mut rng = Lcg(7);
        let mut amounts = vec![0, 5, -5, 4, -4, 15, 4498, 4798, i64::MAX, i64::MIN + 1, i64::MAX / 10_000];
        amounts.extend((0..2_000).map(|_| rng.next(2_000_000) as i64 - 1_000_000));
        for amount in amounts {
            for bp in [0, 1, 270, 550, 1200, 1900, 2550, 10_000, 65_535] {
                assert_eq!(percent(eur(amount), bp), eur(amount).percent_bp(bp), "{amount} × {bp}");
            }
        }
    }

    #[test]
    fn spread_equals_allocate_including_ties_and_negative_amounts() {
        let mut rng = Lcg(11);
        let mut cases: Vec<(i64, Vec<u64>)> = vec![
            (1200, vec![1999, 9998, 4497, 899, 2500, 5997, 4999, 2998, 2697, 1250]),
            (1000, vec![1, 1, 1]),
            (10, vec![0, 0, 0]),
            (-7, vec![1, 1]),
            (0, vec![3, 4]),
            (5, vec![]),
            (i64::MAX, vec![3, 7]),
            (100, vec![u64::MAX, 1]),
        ];
        for _ in 0..3_000 {
            let n = 1 + rng.next(12) as usize;
            let weights = (0..n).map(|_| if rng.next(5) == 0 { 0 } else { rng.next(10_000) }).collect();
            cases.push((rng.next(100_000) as i64 - 20_000, weights));
        }
        for (whole, weights) in cases {
            let expected = eur(whole).allocate(&weights);
            let mut out = vec![eur(0); weights.len()];
            let got = spread(eur(whole), &weights, &mut out).map(|()| out);
            assert_eq!(got, expected, "{whole} over {weights:?}");
        }
    }
}
