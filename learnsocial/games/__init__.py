"""PURE: the rules of each chapter-test game. No pygame here; views live in learnsocial.ui."""
