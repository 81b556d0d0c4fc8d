"""The preset dictionary of share code format 1. FROZEN: never edit this text.

Deflate can start from a "preset dictionary": text both sides know, so a share code
does not have to spell out every key name (``connections_weight = ``, ``[services.grant]``).
This is the canonical TOML of a default scenario as it was when format 1 was defined.
Decoding a code needs exactly these bytes, so changing one character would turn every
code already shared into garbage. A new dictionary needs a new code version (``OS2-``)
while this one stays for reading ``OS1-`` codes. ``tests/test_share.py`` pins its SHA-256.
"""

ZDICT_V1 = '''tiers = [
    { name = "A", min_score = -1000000000.0, label = "" },
]
timeline = [
    { step = 0, action = "set", target = "", path = "", value = 0.0, text = "" },
]

[meta]
title = ""
description = ""
source = ""

[population]
size = 1000
steps = 200
step_days = 7
income_mean = 100.0
income_sigma = 0.5
capacity_half = 6.0
reliability_mean = 0.95
reliability_sd = 0.04
private_dissent_share = 0.35
committed_conformers = 0
groups = 8

[network]
kind = "districts"
mean_degree = 10.0
rewire = 0.1
mixing = 0.05

[scoring]
family = "weighted"
low = 350.0
high = 950.0
start = 1000.0
connections_weight = 0.15
friends_half = 1.5
speech_penalty = 0.0
blacklist_penalty = 150.0
record_decay = 0.98
record_scale = 200.0
group_bias = []
opacity = "exact"
opacity_noise = 0.5
unknown_prior = 15.0

[scoring.weights]
history = 0.35
capacity = 0.2
characteristics = 0.15
behaviour = 0.15

[scoring.deltas]
caring_for_elderly = 50.0
helping_poor = 10.0
charity = 5.0
drunk_driving = -50.0
bribery = -50.0
smoking_on_train = -20.0
video_games = -2.0
fare_dodging = -20.0
missed_bill = -10.0
paid_bill = 0.0

[behaviour]
conformity_threshold = 0.4
conformity_threshold_sd = 0.15
score_sensitivity = 0.6
tolerance = 3.0
tie_value = 4.0
unfriend_rate = 0.5
befriend_rate = 0.05
homophily = 80.0
local_search = 0.8
bill_share = 0.35
living_cost = 0.45
income_reversion = 0.02
spending = 0.03

[behaviour.deed_rates]
caring_for_elderly = 0.01
helping_poor = 0.02
charity = 0.03
drunk_driving = 0.0005
bribery = 0.0003
smoking_on_train = 0.001
video_games = 0.05
fare_dodging = 0.001
missed_bill = 0.0
paid_bill = 0.0

[authorities]
blacklist = true
default_after = 6
fine = 200.0
rumour_rate = 0.0
error_rate = 0.0
duration_days = 365
appeal_rate = 0.05
appeal_success = 0.1
appeal_success_wrongful = 0.3
public_shaming = false
shame_cost = 20.0

[[services]]
name = "train"
icon = "bank"
demand = 0.1
price = 0.0
min_tier = ""
score_floor = -1000000000.0
blacklist_ban = false
friends_min = -1000000000.0

[services.grant]
wealth = 0.0
income = 0.0
characteristics = 0.0

[services.deny]
wealth = 0.0
income = 0.0
characteristics = 0.0

'''.encode("ascii")
