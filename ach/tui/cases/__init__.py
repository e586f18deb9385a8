"""Opening a case: the one named or the only one, else a choice among the workspace's."""
