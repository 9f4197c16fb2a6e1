package reader

import (
	"fmt"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/samples"
)

// Samples reads every embedded sample article (package samples), in file order.
func Samples() ([]article.Article, error) {
	var arts []article.Article
	for _, name := range samples.Files() {
		data, err := samples.Read(name)
		if err != nil {
			return nil, fmt.Errorf("sample %s: %w", name, err)
		}
		got, err := Parse(name, data)
		if err != nil {
			return nil, fmt.Errorf("sample %s: %w", name, err)
		}
		arts = append(arts, got...)
	}
	return arts, nil
}
