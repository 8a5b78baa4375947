"""The reporting settings screens: catalogue, rules, periods (under /settings/, URL namespace "settings")."""
