"""LearnSocial: an onboarding course on the social digital workplace."""

__version__ = "0.1.0"
