"""The method's hard steps: refine, breakdown, sensitivity, what-if, milestones and
working across."""
