//! Seeded random streams, and the few distributions the simulation draws from.
//!
//! Every workspace and cluster gets its own [`Rng`], derived from the run's seed and a path of
//! indices ([`Rng::derive`]), so the output does not depend on which thread simulates what.
//! Only the ChaCha8 block stream is taken from a library (its output is fixed by the algorithm);
//! uniform, range, normal and exponential draws are written here on top of `next_u64`, and so are
//! `ln` and `exp`, with plain IEEE arithmetic. The platform's `libm` may round transcendental
//! functions differently from one system to another by one ulp, which would shift a tick and break
//! the byte-identical fixtures; `+ - * / sqrt` are exactly rounded everywhere.

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::time::Ticks;

/// SplitMix64 step: a fast, well-mixing bijection used to derive seeds.
fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A deterministic random stream (ChaCha8) with the draws the generator needs.
pub(crate) struct Rng(ChaCha8Rng);

impl Rng {
    /// The stream for `path` (e.g. `[workspace, cluster, purpose]`) under `seed`.
    pub(crate) fn derive(seed: u64, path: &[u64]) -> Self {
        let mut state = splitmix64(seed);
        for &p in path {
            state = splitmix64(state ^ splitmix64(p.wrapping_add(0x5851_F42D_4C95_7F2D)));
        }
        let mut key = [0u8; 32];
        for chunk in key.chunks_exact_mut(8) {
            state = splitmix64(state);
            chunk.copy_from_slice(&state.to_le_bytes());
        }
        Self(ChaCha8Rng::from_seed(key))
    }

    /// 64 uniform random bits.
    pub(crate) fn u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `[0, 1)`, 53 bits.
    pub(crate) fn f64(&mut self) -> f64 {
        (self.u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform integer in `[0, n)` (`n > 0`), by multiply-shift (bias below 2⁻⁶⁴·n, irrelevant here).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform integer in `[lo, hi]`.
    pub(crate) fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform tick count in `[lo, hi)`; `lo` when the range is empty.
    pub(crate) fn ticks(&mut self, lo: Ticks, hi: Ticks) -> Ticks {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64) as Ticks
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// One element of a non-empty slice, uniformly.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index drawn with the given (not necessarily normalised) weights.
    pub(crate) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.f64() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// Standard normal, by Marsaglia's polar method (no trigonometry).
    pub(crate) fn normal(&mut self) -> f64 {
        loop {
            let u = 2.0 * self.f64() - 1.0;
            let v = 2.0 * self.f64() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * (-2.0 * ln(s) / s).sqrt();
            }
        }
    }

    /// Log-normal with the given median and shape `sigma`.
    pub(crate) fn log_normal(&mut self, median: f64, sigma: f64) -> f64 {
        median * exp(sigma * self.normal())
    }

    /// Exponential with the given mean.
    pub(crate) fn exponential(&mut self, mean: f64) -> f64 {
        -ln(1.0 - self.f64()) * mean
    }

    /// `n` lower-case hex digits.
    pub(crate) fn hex(&mut self, n: usize) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        (0..n)
            .map(|_| HEX[self.below(16) as usize] as char)
            .collect()
    }

    /// `n` characters of `[a-z0-9]`.
    pub(crate) fn alnum(&mut self, n: usize) -> String {
        const ALNUM: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        (0..n)
            .map(|_| ALNUM[self.below(36) as usize] as char)
            .collect()
    }

    /// A random (version 4) GUID in lower case.
    pub(crate) fn guid(&mut self) -> String {
        let h = self.hex(32);
        let variant = ["8", "9", "a", "b"][self.below(4) as usize];
        format!(
            "{}-{}-4{}-{}{}-{}",
            &h[0..8],
            &h[8..12],
            &h[13..16],
            variant,
            &h[17..20],
            &h[20..32]
        )
    }
}

const LN_2: f64 = std::f64::consts::LN_2;

/// Natural logarithm of a positive finite `x`, in portable IEEE arithmetic (see the module doc).
pub(crate) fn ln(x: f64) -> f64 {
    debug_assert!(x > 0.0 && x.is_finite(), "ln of {x}");
    let bits = x.to_bits();
    let mut exponent = ((bits >> 52) & 0x7ff) as i64 - 1023;
    // Mantissa scaled into [1, 2).
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if exponent == -1023 {
        // Subnormal: renormalise (cannot come from `f64()`, kept for completeness).
        return ln(x * (1u64 << 54) as f64) - 54.0 * LN_2;
    }
    if m > std::f64::consts::SQRT_2 {
        m /= 2.0;
        exponent += 1;
    }
    // ln(m) = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut term = s;
    let mut sum = 0.0;
    let mut k = 1.0;
    while k < 40.0 {
        sum += term / k;
        term *= s2;
        k += 2.0;
    }
    2.0 * sum + exponent as f64 * LN_2
}

/// `e^x` for `|x| < 700`, in portable IEEE arithmetic (see the module doc).
pub(crate) fn exp(x: f64) -> f64 {
    debug_assert!(x.abs() < 700.0, "exp of {x}");
    // Cody–Waite reduction: `k·LN2_HI` is exact, so `r` keeps full precision for any `k` here.
    // fdlibm's split of ln 2: the high part has 32 trailing zero bits.
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    let k = (x / LN_2).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut n = 1.0;
    while n < 25.0 {
        term *= r / n;
        sum += term;
        n += 1.0;
    }
    sum * f64::from_bits(((k as i64 + 1023) as u64) << 52)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_and_exp_agree_with_std_to_a_few_ulps() {
        for i in 1..2000 {
            let x = i as f64 * 0.0173 + 1e-9;
            assert!(
                (ln(x) - x.ln()).abs() <= 4.0 * f64::EPSILON * x.ln().abs().max(1.0),
                "ln({x})"
            );
            let y = i as f64 * 0.02 - 20.0;
            assert!(
                (exp(y) - y.exp()).abs() <= 4.0 * f64::EPSILON * y.exp(),
                "exp({y})"
            );
        }
        assert_eq!(ln(1.0), 0.0);
        assert!((ln(1e-16) - 1e-16f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| Rng::derive(42, &[1, 2]).u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(
            Rng::derive(42, &[1, 2]).u64(),
            Rng::derive(42, &[2, 1]).u64()
        );
        assert_ne!(Rng::derive(42, &[1]).u64(), Rng::derive(43, &[1]).u64());
    }

    #[test]
    fn draws_stay_in_range() {
        let mut rng = Rng::derive(7, &[]);
        for _ in 0..10_000 {
            assert!(rng.f64() < 1.0);
            assert!(rng.between(3, 5) >= 3 && rng.between(3, 5) <= 5);
            let t = rng.ticks(10, 20);
            assert!((10..20).contains(&t));
            assert!(rng.weighted(&[0.0, 1.0, 0.0]) == 1);
        }
        let guid = rng.guid();
        assert_eq!(guid.len(), 36);
        assert_eq!(&guid[14..15], "4");
        // The median of a log-normal is its `median` parameter.
        let mut below = 0;
        for _ in 0..20_000 {
            if rng.log_normal(90.0, 0.6) < 90.0 {
                below += 1;
            }
        }
        assert!((9_000..11_000).contains(&below), "{below}");
    }
}
