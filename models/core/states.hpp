#pragma once
// The labels of a child's states, the reasons for changes and placement types. Stored in HDF5
// as enum types with these labels (docs/design.md, Outputs), so their order is part of the schema:
// append, never reorder.
#include <array>
#include <cstdint>
#include <string_view>

namespace csc::models {

enum class ChildState : std::uint8_t { not_known, assessment, cin, s47, cp, looked_after, closed, left };
inline constexpr std::array<std::string_view, 8> kStateLabels = {"not_known", "assessment",   "cin",    "s47",
                                                                 "cp",        "looked_after", "closed", "left"};
inline constexpr std::size_t kStateCount = kStateLabels.size();

enum class Reason : std::uint8_t {
  referral,           // first referral, or one more than 12 months after the previous one
  re_referral,        // referral within 12 months of the previous referral (DfE definition)
  no_further_action,  // assessment closed with no further action
  assessed_in_need,   // assessment found a child in need (section 17)
  strategy_s47,       // assessment or CIN work escalated to a section 47 enquiry
  conference_no_plan,
  cp_plan,
  cp_step_down,  // CP plan ended at a review, child stays a child in need
  cp_closed,     // CP plan ended at a review and the case closed
  cin_closed,
  care_entry,
  returned_home,
  adopted,
  special_guardianship,
  aged_18,
  placement_change,     // a child in care moved placement (state unchanged)
  s47_unsubstantiated,  // s47 enquiry ended without a conference; the child stays in need
  crisis,               // the family had a crisis (state unchanged; one row per crisis of a known family)
  engaged,              // the family engages with the work (state unchanged; at a case's opening, or
                        // brought in by an adult specialist)
  fgc_conference,       // the family held a family group conference (state unchanged)
  // The legal route into and out of care (docs/design.md, "The care decision and the law").
  pre_proceedings,           // the council wrote to the parents before proceedings (family note)
  proceedings_issued,        // care proceedings issued for the child (state unchanged, or before its removal)
  care_order,                // a care order: the child enters care, or (state unchanged) stays in care under it
  placement_order,           // a placement order (adoption) for a looked-after child (state unchanged)
  supervision_order,         // proceedings ended in a supervision order: the child lives at home
  child_arrangements_order,  // proceedings ended in a child arrangements order: the child lives with a relative or
                             // the other parent and leaves the council's care
  reunification_breakdown,   // a return home broke down: the child re-enters care
  independent_living,        // a young person of 16 or 17 left care before 18 (independent or supported living)
};
inline constexpr std::array<std::string_view, 28> kReasonLabels = {"referral",
                                                                   "re_referral",
                                                                   "no_further_action",
                                                                   "assessed_in_need",
                                                                   "strategy_s47",
                                                                   "conference_no_plan",
                                                                   "cp_plan",
                                                                   "cp_step_down",
                                                                   "cp_closed",
                                                                   "cin_closed",
                                                                   "care_entry",
                                                                   "returned_home",
                                                                   "adopted",
                                                                   "special_guardianship",
                                                                   "aged_18",
                                                                   "placement_change",
                                                                   "s47_unsubstantiated",
                                                                   "crisis",
                                                                   "engaged",
                                                                   "fgc_conference",
                                                                   "pre_proceedings",
                                                                   "proceedings_issued",
                                                                   "care_order",
                                                                   "placement_order",
                                                                   "supervision_order",
                                                                   "child_arrangements_order",
                                                                   "reunification_breakdown",
                                                                   "independent_living"};

/// Rows that record something about the family, not a change of a child's state or placement:
/// one row per occurrence, on the family's first child known to services, state unchanged.
inline constexpr bool is_family_note(Reason r) {
  return r == Reason::crisis || r == Reason::engaged || r == Reason::fgc_conference || r == Reason::pre_proceedings;
}

/// Rows that record a step of the legal route for a child whose state it does not change
/// (proceedings issued; a care or placement order for a child already looked after; a
/// supervision order for a child at home).
inline constexpr bool is_child_note(Reason r, std::uint8_t from_state, std::uint8_t to_state) {
  return from_state == to_state && (r == Reason::proceedings_issued || r == Reason::care_order ||
                                    r == Reason::placement_order || r == Reason::supervision_order);
}

/// The stage of the legal route a family is in (models/pathway/legal.hpp).
enum class LegalStage : std::uint8_t { none, pre_proceedings, proceedings };
/// A looked-after child's legal status (DfE SSDA903 legal statuses, grouped): accommodated
/// by agreement under section 20, an interim care order while proceedings run, a full care
/// order, or a placement order (authority to place for adoption).
enum class LegalStatus : std::uint8_t { none, section20, interim_order, care_order, placement_order };
inline constexpr std::size_t kLegalStatusCount = 5;

enum class Placement : std::uint8_t {
  none,
  kinship_foster,
  la_foster,
  agency_foster,
  childrens_home,
  placed_with_parents,
  placed_for_adoption
};
inline constexpr std::array<std::string_view, 7> kPlacementLabels = {
    "none",           "kinship_foster",      "la_foster",          "agency_foster",
    "childrens_home", "placed_with_parents", "placed_for_adoption"};
inline constexpr std::size_t kPlacementCount = kPlacementLabels.size();

/// Family risk factors (docs/design.md, The model; prevalences in evidence.md section 1).
enum class Risk : std::uint8_t { domestic_abuse, substance_misuse, mental_health, child_behaviour, disability };
inline constexpr std::array<std::string_view, 5> kRiskLabels = {"domestic_abuse", "substance_misuse", "mental_health",
                                                                "child_behaviour", "disability"};
inline constexpr std::size_t kRiskCount = kRiskLabels.size();
/// Parental factors: the ones social work alone barely moves (evidence FSH-5).
inline constexpr bool is_parental(std::size_t r) { return r <= 2; }
inline constexpr std::size_t kParentalFactors = 3;  // factors 0..2

inline constexpr std::size_t idx(auto e) { return static_cast<std::size_t>(e); }

}  // namespace csc::models
