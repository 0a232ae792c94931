"""What the book says about the seller's practice: reviews, loyalty, and the period's work."""
