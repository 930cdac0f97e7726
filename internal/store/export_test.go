package store

// Network plans, for tests that check every way of reading a network gives
// the same answer.
const (
	PlanAuto     = planAuto
	PlanFrontier = planFrontier
	PlanOutside  = planOutside
)

// SetNetworkPlan forces how s reads networks.
func SetNetworkPlan(s *Store, p any) { s.networkPlan = p.(networkPlan) }
