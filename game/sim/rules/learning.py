"""What citizens believe about a secret algorithm, learned from what they see happen.

"The algorithm behind my Zhima Credit score is a corporate secret" (seed 003); "Alipay
keeps its calculation of credit scores a secret" (seed 002); people guess, and "are
already sharing tips on tweaking FICO and Sesame scores" (seed 000). Under the secret
algorithm (``scoring.opacity = "unknown"``) no citizen knows what a friend or a word in
public costs. Each starts from a private guess and revises it by what the score visibly
does, to them and to their friends:

* **Fear of friends** (points a friend one whole score range below costs per step):
  when a friend loses friends and then loses points ("The algorithm notices, and your
  score plummets further", seed 003), everyone who sees it fears low friends more.
  A citizen who fears more drops friends they kept before ("fearful that their scores
  might be affected, quietly drop you", seed 003), so the dropped lose points in turn,
  and *their* friends see that: the fear, and the unfriending, travel ring by ring.
* **Fear of speech** (points a step of public dissent costs): a citizen who spoke sees
  their own score fall by what speaking cost; one who kept quiet hears it from friends
  who spoke. Silence spreads as the cost is learned, not at once.

Both are the same rule: a belief relaxes towards the citizen's private guess (memory
``m`` per step) and grows with the evidence seen::

    belief' = guess + m * (belief - guess) + rate * evidence

With nothing to see (a rule that costs nothing, or a connections weight of 0: nobody's
score falls because they lost friends), beliefs stay at the guesses. With
``opacity = "exact"`` or ``"noisy"`` citizens know the rules (noisily) and nothing is
learned. The rates and the memory are game assumptions; the sources say only that the
algorithm is secret and that people guess and share what they think moves it.
"""

from __future__ import annotations

import numpy as np


def update(belief: np.ndarray, guess: np.ndarray, memory: float, rate: float,
           evidence: np.ndarray) -> np.ndarray:
    """One step of learning: relax towards the guess, add what was seen.

    Args:
        belief: current belief per citizen (points), >= 0.
        guess: each citizen's private prior (points), >= 0.
        memory: share of the distance from the guess kept per step, in [0, 1].
        rate: points of belief per point of evidence, >= 0.
        evidence: points seen this step per citizen, >= 0.
    """
    return guess + memory * (belief - guess) + rate * evidence


def friend_evidence(connection_fall: np.ndarray, lost_friends: np.ndarray,
                    neighbour_sum) -> np.ndarray:
    """Points of "friends cost points" evidence each citizen sees this step.

    A citizen sees, for every friend who lost friends last step, how many points that
    friend's connections part fell since (what "the algorithm notices"). Falls of
    friends who lost nobody are not evidence about friendship.

    Args:
        connection_fall: per citizen, points their connections part fell this step (>= 0).
        lost_friends: per citizen, whether they lost a friend last step (bool).
        neighbour_sum: ``values -> per-citizen sum over friends`` (the friendship graph).
    """
    return neighbour_sum(fall_shown(connection_fall, lost_friends))


def fall_shown(connection_fall: np.ndarray, lost_friends: np.ndarray) -> np.ndarray:
    """Per citizen, the fall its friends see as evidence (:func:`friend_evidence` sums it
    over each citizen's friends): its connections part's fall if it lost friends, else 0."""
    return np.where(lost_friends, np.maximum(connection_fall, 0.0), 0.0)


def speech_evidence(cost: float, spoke: np.ndarray, neighbour_sum, degree: np.ndarray) -> np.ndarray:
    """Points of "speaking costs points" evidence each citizen sees this step.

    A citizen who spoke in public last step sees their score fall by ``cost``; one who
    did not hears it from friends who did, weighted by the share of friends who spoke.

    Args:
        cost: points one step of public dissent costs (the real rule), >= 0.
        spoke: per citizen, spoke in public last step (bool).
        neighbour_sum: ``values -> per-citizen sum over friends``.
        degree: friends per citizen.
    """
    if cost <= 0:
        return np.zeros(spoke.shape)
    heard = neighbour_sum(spoke.astype(np.float64)) / np.maximum(degree, 1)
    return cost * np.where(spoke, 1.0, heard)
