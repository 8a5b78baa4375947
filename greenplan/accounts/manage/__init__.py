"""Account management for unit admins (/accounts/manage/, URL namespace "manage")."""
