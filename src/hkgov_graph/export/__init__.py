"""Views of the graph as NetworkX graphs, their file formats, the offline
HTML viewer, the pictures and the analytics."""
