"""Working as a team: the team view (consensus lens), who said what, my ratings against
the consensus, and the conflicts a git merge left."""
