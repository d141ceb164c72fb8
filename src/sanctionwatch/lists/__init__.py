"""Official sanctions lists: one parser per source, each yielding FollowTheMoney entities."""
