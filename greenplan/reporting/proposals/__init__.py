"""Difficulties and proposals compiled: what the units below a superior wrote in their reports."""
