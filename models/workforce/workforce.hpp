#pragma once
// Social work posts in teams (docs/design.md, The model, "Workforce"). A post is filled by a
// permanent worker, covered by an agency worker, or vacant. Leaving rises with caseload;
// vacancies are covered by agency staff after a delay and filled by recruitment rounds that
// can fail (evidence.md section 1: turnover ~15%, agency ~16-18% of posts).
#include <cstdint>
#include <vector>

#include "sim/core/time.hpp"

namespace csc::models {

enum class PostStatus : std::uint8_t { vacant, permanent, agency };

struct Workforce {
  std::vector<std::uint16_t> la;
  std::vector<std::uint16_t> team;
  std::vector<PostStatus> status;
  std::vector<sim::Day> agency_due;    // when an agency worker arrives to cover (kNever: none)
  std::vector<sim::Day> recruit_due;   // when the current recruitment round ends (kNever: none)
  std::vector<std::int32_t> caseload;  // children allocated, recomputed each week
  std::vector<float> weighted_load;    // caseload weighted by the intensity each case needs
  /// Posts created when due: those the caseload cap's hire policy has asked for, and those a
  /// programme funds in its teams (adult specialists' social_workers_per_team).
  struct PendingPost {
    sim::Day due;
    std::uint16_t la;
    std::uint16_t team;
    bool funded = false;             // a programme's post: part of the team's establishment, not the cap's
    std::uint16_t owner = kNoOwner;  // the intervention (registry index) told when it is created
  };
  static constexpr std::uint16_t kNoOwner = 0xFFFF;
  std::vector<PendingPost> pending;
  /// Posts of each team, by global team index la_first_team[l] + team.
  std::vector<std::vector<std::uint32_t>> team_posts;
  std::vector<std::uint32_t> establishment;  // posts each team is funded for without a cap
  std::vector<std::uint32_t> la_first_team;
  std::vector<std::vector<std::uint32_t>> la_posts;  // per LA: every post it has made, in post order

  [[nodiscard]] std::size_t size() const { return status.size(); }
  /// The posts, for burn-in snapshots (sim/io/state_archive.hpp). Not `pending`: before any
  /// intervention starts it holds only the posts the interventions asked for when they were
  /// set up (InterventionRun::at_start), which a world restored from a snapshot asks for again.
  template <class Archive>
  void fields(Archive& a) {
    a.field(la), a.field(team), a.field(status), a.field(agency_due), a.field(recruit_due), a.field(caseload);
    a.field(weighted_load), a.field(team_posts), a.field(establishment), a.field(la_first_team);
    a.field(la_posts);
  }
  [[nodiscard]] bool filled(std::uint32_t p) const { return status[p] != PostStatus::vacant; }
};

}  // namespace csc::models
