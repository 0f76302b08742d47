"""The words for the roles people hold in a team, read by the team rules (teams.py) and by the
organization evidence (organizations.py): a leaf, so neither imports the other."""

# Roles a player or official holds in a team, as written before the name.
TEAM_ROLES = {
    "captain", "coach", "manager", "skipper", "batsman", "bowler", "all-rounder", "rounder", "spinner",
    "seamer", "paceman", "opener", "wicketkeeper", "keeper", "striker", "midfielder", "defender",
    "goalkeeper", "forward", "winger", "fullback", "quarterback", "pitcher", "chairman", "player",
    "coordinator", "linebacker", "receiver", "shortstop", "catcher", "outfielder", "infielder",
}  # fmt: skip
# Lower-case words that may stand before a role: "head coach", "offensive coordinator", "assistant coach".
ROLE_QUALIFIERS = {"head", "assistant", "interim", "offensive", "defensive", "former", "new"}
