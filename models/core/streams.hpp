#pragma once
// Named random streams, one per decision (see sim/rng/random.hpp). A new decision gets a new
// number; existing numbers never change meaning, so adding a decision does not shift the draws
// of any other (common random numbers across scenarios).
#include <cstdint>

namespace csc::models {

enum class Stream : std::uint32_t {
  population_family = 1,  // family size, vulnerability, risk factors
  population_timing = 2,  // when a family's first child is born
  dormant_referral = 3,   // time to the next referral of a family not known to services
  dormant_crisis = 4,     // time to the next crisis of a family not known to services
  crisis_size = 5,
  assessment_length = 6,
  assessment_outcome = 7,
  conference_outcome = 8,
  open_case_crisis = 9,
  cin_closure = 10,
  cin_escalation = 11,
  cp_review = 12,
  edge_care_entry = 13,
  care_siblings = 14,
  placement_type = 15,
  care_exit = 16,
  care_exit_route = 17,
  adoption_plan = 18,
  engagement = 19,
  worker_quit = 20,
  recruitment = 21,
  agency_delay = 22,
  initial_care = 23,
  kin_network = 24,              // the kin network of an LA (degree, link kind, willing, pairing)
  specialist_engagement = 25,    // a family engages once an adult specialist works with it
  fgc_outcome = 26,              // whether a family group conference agrees a plan
  factor_episode = 27,           // a parental factor's episode starts or ends
  family_move = 28,              // whether a family moved to another LA between two CP plans
  posterior_draw = 29,           // which posterior particle a draw of parameters takes (cscsim run --posterior)
  legal_route = 30,              // the route a care decision takes (section 20, pre-proceedings, urgent proceedings)
  proceedings_length = 31,       // length of pre-proceedings and of care proceedings
  final_order = 32,              // the order care proceedings end in
  interim_removal = 33,          // whether a child at home is removed when proceedings are issued
  reunification = 34,            // when a return home breaks down
  section20_proceedings = 35,    // whether proceedings are issued for a child accommodated by agreement
  pre_proceedings_outcome = 36,  // whether pre-proceedings end in proceedings
  adoption_wait = 37,            // the waits from a placement order to a match and to the adoption order
  adolescent_entry = 38,         // whether an adolescent in a case is accommodated on its own account
  leaving_care = 39,             // whether a young person of 16 or 17 leaves care before 18
  cp_early_review = 40,          // whether a CP review is brought forward this week, and whether it ends the plan
};

inline constexpr std::uint32_t stream_id(Stream s) { return static_cast<std::uint32_t>(s); }

}  // namespace csc::models
