// Families not known to services (docs/design.md): no weekly visit; their next referral,
// crisis or episode change is sampled exactly from its hazard and put on the calendar.
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/core/streams.hpp"
#include "models/pathway/hazards.hpp"
#include "models/pathway/pathway.hpp"

namespace csc::models {

using hazards::integral_exp;

void Pathway::schedule_dormant(std::uint32_t f, sim::Day from) {
  // A family not known to services is not visited each week: its next referral and next
  // crisis are sampled exactly from their hazards and put on the calendar (docs/design.md).
  auto& fam = pop_.families;
  const std::uint32_t gen = ++fam.cases[f].generation;
  const DormantWindow w = dormant_window(f, from);
  if (w.t0 >= w.limit) return;
  bring_up_to_date(fam, f, w.t0, p_.severity);
  advance_episodes(fam, key_, f, w.t0, p_.population_model());  // changes since the open case's last casework
  const double span = w.limit - w.t0;
  auto dc = draws(f, w.t0, stream_id(Stream::dormant_crisis));
  const double t_crisis = fam.sev[f].crisis_rate > 0 ? dc.exponential(fam.sev[f].crisis_rate) : span;
  // A parental factor's episode may start or end (severity.episode_years): a third clock, set
  // in advance and the same in every scenario.
  const sim::Day change = next_episode_change(fam, f);
  const double t_episode = change < w.limit ? static_cast<double>(change - w.t0) : span;
  // Each clock's draw is keyed, so the order they are sampled in does not matter; the referral
  // is searched for only when it comes first (a referral wins a tie).
  const double t_referral = dormant_referral_time(f, w, std::min(t_crisis, t_episode));
  const double next = std::min({t_referral, t_crisis, t_episode});
  if (next >= span) {
    if (w.review) {
      schedule({w.limit, 0, static_cast<std::uint8_t>(EventKind::dormant_review), f, gen});
    }
    return;
  }
  const auto kind = next == t_referral ? EventKind::dormant_referral
                    : next == t_crisis ? EventKind::dormant_crisis
                                       : EventKind::dormant_episode;
  schedule({w.t0 + static_cast<sim::Day>(next), 0, static_cast<std::uint8_t>(kind), f, gen});
}

Pathway::DormantWindow Pathway::dormant_window(std::uint32_t f, sim::Day from) const {
  const auto& fam = pop_.families;
  DormantWindow w;
  const sim::Day end = days_.end;
  // Sampling starts no earlier than the first week not yet processed: a case that closes in
  // the decisions at the end of a week is not referred again within that week.
  w.t0 = std::max({from, fam.alive_from[f], calendar_.first_open_day(fam.la[f])});
  w.limit = std::min(end, fam.alive_to[f]);
  if (w.t0 >= w.limit) return w;
  auto review_at = [&w](sim::Day day) {
    if (day > w.t0 && day < w.limit) {
      w.limit = day;
      w.review = true;
    }
  };
  // For a while after a case ends the family is more visible to the professionals who refer
  // (re-referral within 12 months is concentrated: Forrester 2007, evidence.md s1). The
  // hazard is piecewise: sample within the visible window, and review at its end.
  w.visible = w.t0 < fam.cases[f].visible_until;
  if (w.visible) review_at(fam.cases[f].visible_until);
  // Demand trend (referral.trend_*): the hazards grow exponentially inside the trend window
  // and are held outside it; sampling stops at the window's edges and resumes from there.
  // It acts on families not recently known: England's referrals rose 11% in 2013-14 while the
  // share that were re-referrals fell (24.9% to 23.4%, evidence.md s1), so the new demand came
  // from families services had not just seen. (Growing the visible families' hazards too
  // pushed the model's re-referral share to ~28% within two years.)
  w.trended = !w.visible && p_.referral.trend_per_year != 0.0;
  const bool growing = w.trended && w.t0 >= days_.trend_from && w.t0 < days_.trend_to;
  if (w.trended) {
    review_at(days_.trend_from);
    review_at(days_.trend_to);
  }
  w.growth = growing ? p_.referral.trend_per_year / 365.0 : 0.0;  // per day
  return w;
}

double Pathway::dormant_referral_time(std::uint32_t f, const DormantWindow& w, double other) const {
  // Between events severity relaxes deterministically towards its resting level, so the
  // referral hazard h(t) = r0 + r1 * S(t) has a closed-form integral; the referral time solves
  // H(t) = E with E ~ Exp(1) (inversion), by a search over whole days.
  const auto& fam = pop_.families;
  const auto& sp = p_.severity;
  double a = 0.0, b = 0.0;
  for (std::size_t r = 0; r < kRiskCount; ++r) {
    a += sp.weight[r] * fam.sev[f].resting[r];
    b += sp.weight[r] * (fam.sev[f].level[r] - fam.sev[f].resting[r]);
  }
  const double c = fam.sev[f].acute;
  const double theta = std::log(2.0) / (sp.recovery_half_life_weeks * 7.0);
  const double theta_a = std::log(2.0) / (sp.crisis_half_life_weeks * 7.0);
  const double visibility = w.visible ? p_.referral.known_family_multiplier : 1.0;
  const double scale = visibility * (w.trended ? referral_trend(w.t0) : 1.0);
  const double r0 = scale * p_.referral.base_rate_per_year / 365.0;
  const double r1 = scale * p_.referral.severity_rate_per_year / 365.0;
  const double growth = w.growth;
  // h(u) = exp(growth u) (r0 + r1 (a + b exp(-theta u) + c exp(-theta_a u))), integrated.
  auto cumulative = [&](double t) {
    return (r0 + r1 * a) * integral_exp(growth, t) + r1 * b * integral_exp(growth - theta, t) +
           r1 * c * integral_exp(growth - theta_a, t);
  };
  const double span = w.limit - w.t0;
  auto dr = draws(f, w.t0, stream_id(Stream::dormant_referral));
  const double target = dr.exponential(1.0);
  // The referral falls on day t0 + k - 1, k the first whole day with H(k) >= E (H rises
  // strictly). Searching on whole days finds the same k whatever the window's length, so
  // cutting a window short (a review) never moves a referral inside it.
  auto lo = 0, hi = static_cast<int>(std::ceil(span));
  // When H at the first whole day after `other` (a crisis or an episode change) is still below
  // E, k - 1 falls after `other` and its day is not needed; otherwise k is at most that day,
  // and the search starts from there. Either way k is the one a search of the whole window
  // finds.
  double h_hi = 0.0;  // H(hi), or H(span) when hi is the window's last whole day
  if (const double after = std::max(std::floor(other) + 1.0, 1.0); after < hi) {  // k is 1 or more
    h_hi = cumulative(after);
    if (h_hi < target) return std::numeric_limits<double>::infinity();
    hi = static_cast<int>(after);
  } else {
    h_hi = cumulative(span);
    if (!(h_hi > target)) return span;
  }
  // H is close to a straight line over the window (the decaying terms are small beside the
  // resting rate), so the day where a chord between the bracket's ends reaches E is within a
  // day or so of k: a guess there and its neighbour on the other side close the bracket in a
  // few steps where halving took a dozen (issue "England in seconds"). Halving takes over if
  // guesses stop closing it. Every step keeps H(lo) < E <= H(hi), so the k found is the one
  // halving alone finds.
  double h_lo = 0.0;
  const auto probe = [&](int mid) {  // true when H(mid) reaches E: mid is the new hi
    const double h = cumulative(mid);
    const bool reaches = !(h < target);
    (reaches ? hi : lo) = mid;
    (reaches ? h_hi : h_lo) = h;
    return reaches;
  };
  for (int guesses = 0; hi - lo > 1; ++guesses) {
    if (guesses >= 3 || !(h_hi > h_lo)) {
      probe(lo + (hi - lo) / 2);
      continue;
    }
    const double chord = lo + (target - h_lo) / (h_hi - h_lo) * (hi - lo);  // in [lo, hi]
    const bool reached = probe(std::clamp(static_cast<int>(std::ceil(chord)), lo + 1, hi - 1));
    if (hi - lo > 1) probe(reached ? hi - 1 : lo + 1);
  }
  return hi - 1;
}

double Pathway::referral_trend(sim::Day d) const {
  const double trend = p_.referral.trend_per_year;
  if (trend == 0.0) return 1.0;
  const sim::Day into = std::clamp(d, days_.trend_from, days_.trend_to) - days_.trend_from;
  return std::exp(trend * into / 365.0);
}
}  // namespace csc::models
