// The population's comings and goings as the pathway sees them: births, 18th birthdays (a
// child leaves care and its case at 18), and the warm start of the looked-after stock.
#include <algorithm>
#include <cmath>
#include <utility>

#include "models/core/streams.hpp"
#include "models/pathway/hazards.hpp"
#include "models/pathway/pathway.hpp"

namespace csc::models {

Pathway::Pathway(const PathwayModel& model, const sim::RunKey& key, const RunDays& days, const PathwayTables& tables)
    : p_(model),
      key_(key),
      days_(days),
      pop_(tables.pop),
      ledger_(tables.ledger),
      open_(tables.open),
      staffing_(tables.staffing),
      calendar_(tables.calendar),
      kin_(tables.kin),
      hooks_(tables.hooks),
      legal_(tables.pop.families.size(), tables.pop.children.size(), model.las.size()) {}

namespace {

/// Asks for the row of the child at order[list[k]] (its birth day, family and state: kAhead
/// places on) and of its family (its council and case row: half as far, as the child's family
/// is read first). Children in order of birth are scattered over the council's tables, so
/// each row is a cache miss; see prefetch_casework_rows, which also says why this is always
/// inlined.
[[gnu::always_inline]] inline void prefetch_birthday(const Population& pop, const std::vector<std::uint32_t>& list,
                                                     std::size_t k) {
  constexpr std::size_t kAhead = 16;
  const auto& order = pop.by_birth;
  const auto& ch = pop.children;
  if (k + kAhead < list.size()) {
    const std::uint32_t c = order[list[k + kAhead]];
    __builtin_prefetch(&ch.rows[c]);
  }
  if (k + kAhead / 2 < list.size()) {
    const std::uint32_t f = ch.rows[order[list[k + kAhead / 2]]].family;
    __builtin_prefetch(&pop.families.cases[f]);
  }
}

}  // namespace

void Pathway::index_births() {
  const std::size_t las = open_.lists.size();
  births_of_.assign(las, {});
  const auto& order = pop_.by_birth;
  for (std::size_t k = 0; k < order.size(); ++k) {
    births_of_[pop_.families.la[pop_.children.rows[order[k]].family]].push_back(static_cast<std::uint32_t>(k));
  }
  if (next_birth_.size() != las) next_birth_.assign(las, 0), next_adult_.assign(las, 0);
}

void Pathway::births_and_birthdays(sim::Day from, sim::Day to) {
  for (std::size_t l = 0; l < births_of_.size(); ++l) council_births_and_birthdays(l, from, to, false);
}

void Pathway::council_births_and_birthdays(std::size_t l, sim::Day from, sim::Day to, bool tagged) {
  auto& ch = pop_.children;
  const auto& order = pop_.by_birth;
  const auto& list = births_of_[l];
  auto& next_birth = next_birth_[l];
  auto& next_adult = next_adult_[l];
  // A serial walk of all councils takes every birth of the week in birth order, then every
  // 18th birthday: the tags are the steps and the children's places in that order.
  while (next_birth < list.size() && ch.rows[order[list[next_birth]]].birth < to) {
    prefetch_birthday(pop_, list, next_birth);
    if (tagged) ledger_.set_council_tag(l, {Ledger::Step::births, 0, list[next_birth], 0});
    const std::uint32_t c = order[list[next_birth++]];
    ledger_.born(c, from);
    if (from != kNever) join_case_at_birth(c, std::max(ch.rows[c].birth, from));
  }
  while (next_adult < list.size() && ch.rows[order[list[next_adult]]].birth + kDaysPer18Years < to) {
    prefetch_birthday(pop_, list, next_adult);
    if (tagged) ledger_.set_council_tag(l, {Ledger::Step::birthdays, 0, list[next_adult], 0});
    const std::uint32_t c = order[list[next_adult++]];
    const sim::Day d = std::max(ch.rows[c].birth + kDaysPer18Years, from);
    --ledger_.alive[l];
    if (ch.rows[c].state == ChildState::left) continue;
    if (ch.rows[c].state == ChildState::looked_after) {
      leave_care(c, d, Reason::aged_18);
      continue;
    }
    const std::uint32_t f = ch.rows[c].family;
    ledger_.set_state(c, ChildState::left, Reason::aged_18, d);
    const CaseStatus s = pop_.families.cases[f].status;
    if (s != CaseStatus::dormant && s != CaseStatus::care_only && ledger_.case_children(f) == 0) {
      close_case(f, d, Reason::cin_closed);
    }
  }
}

void Pathway::join_case_at_birth(std::uint32_t c, sim::Day d) {
  // A baby born into a family the council is working with is part of the case from birth: the
  // council assesses before the birth (a family whose children are all in care is referred
  // again for the new baby), and where the family's risk is at the edge of care it decides at
  // the birth, not weeks or years later: a third to two fifths of the infants in care
  // proceedings are newborns (docs/evidence.md BC-1, BC-2: Born into care, 2018).
  auto& ch = pop_.children;
  auto& fam = pop_.families;
  const std::uint32_t f = ch.rows[c].family;
  const CaseStatus s = fam.cases[f].status;
  if (s == CaseStatus::dormant) return;
  if (s == CaseStatus::care_only) {
    refer(f, d);
  } else {
    // Referred, and assessed with the family before the birth: the baby joins the family's
    // stage of the case (a child in need, a section 47 enquiry, a CP plan made for the unborn).
    ch.last_referral[c] = d;
    ledger_.set_state(c, ChildState::assessment, Reason::referral, d);
    if (s != CaseStatus::assessment) {
      const Reason joined = s == CaseStatus::cin   ? Reason::assessed_in_need
                            : s == CaseStatus::s47 ? Reason::strategy_s47
                                                   : Reason::cp_plan;
      ledger_.set_state(c, hazards::child_state_of(s), joined, d);
    }
  }
  bring_up_to_date(fam, f, d, p_.severity);
  if (fam.cases[f].legal_stage == LegalStage::none && severity(fam, f, p_.severity) > p_.edge.threshold)
    act_on_edge(f, d);
}

void Pathway::place_initial_looked_after() {
  // Warm start: the looked-after stock takes years to build (stays average over two years),
  // so children are placed at the start of the burn-in, chosen with probability proportional
  // to their family's resting severity (Efraimidis-Spirakis weighted sampling with keyed draws)
  // and given an elapsed time in care.
  auto& fam = pop_.families;
  auto& ch = pop_.children;
  for (std::size_t l = 0; l < p_.las.size(); ++l) {
    std::vector<std::pair<double, std::uint32_t>> keyed;
    for (auto f = pop_.la_first_family[l]; f < pop_.la_first_family[l + 1]; ++f) {
      const double w = severity(fam, f, p_.severity);
      if (w <= 0.0) continue;
      for (auto c = fam.first_child[f]; c < fam.first_child[f + 1]; ++c) {
        if (!pop_.children.alive(c, days_.first_day) || ch.rows[c].state != ChildState::not_known) continue;
        auto d = draws(c, days_.first_day, stream_id(Stream::initial_care));
        keyed.emplace_back(std::log(d.uniform()) / w, c);
      }
    }
    const auto target =
        static_cast<std::size_t>(std::lround(p_.las[l].initial_looked_after_per_10k * ledger_.alive[l] / 10000.0));
    const std::size_t n = std::min(target, keyed.size());
    std::partial_sort(
        keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(n), keyed.end(),
        [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t c = keyed[i].second;
      const std::uint32_t f = ch.rows[c].family;
      auto d = draws(c, days_.first_day, stream_id(Stream::initial_care));
      d.uniform();
      const double max_elapsed = std::min<double>(days_.first_day - ch.rows[c].birth, 6 * 365.0);
      ledger_.set_placement(c, draw_placement(c, days_.first_day), days_.first_day, false);
      ledger_.set_state(c, ChildState::looked_after, Reason::care_entry, days_.first_day);
      set_legal_status(c, LegalStatus::care_order);  // long stays; the burn-in replaces them
      ch.rows[c].care_since = days_.first_day - static_cast<sim::Day>(d.uniform() * max_elapsed);
      if (fam.cases[f].status == CaseStatus::dormant) open_care_case(f, days_.first_day);
    }
  }
}

void Pathway::schedule_all_dormant() {
  for (std::uint32_t f = 0; f < pop_.families.size(); ++f) {
    if (pop_.families.cases[f].status == CaseStatus::dormant) schedule_dormant(f, days_.first_day);
  }
}

}  // namespace csc::models
