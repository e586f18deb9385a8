"""The matrix screen: the base the main screen and the what-if derive from, what it
publishes to the features (``host``), its widgets and its forms."""
