"""The good-practices library: proposed, reviewed, published and searched."""
